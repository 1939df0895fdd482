import { describe, expect, it } from 'vitest';
import { availabilityParams, leadTimeMinutes, mapAvailability, zonedInstant } from './availability.ts';

describe('zonedInstant: every Entrata time read by its own zone', () => {
  it('reads the abbreviation glued on or spaced, and MT when there is none', () => {
    expect(new Date(zonedInstant('12/08/2026', '09:00:00MST')).toISOString()).toBe('2026-12-08T16:00:00.000Z');
    expect(new Date(zonedInstant('2026-12-08', '09:00 EST')).toISOString()).toBe('2026-12-08T14:00:00.000Z');
    expect(new Date(zonedInstant('2026-07-08', '09:00 PDT')).toISOString()).toBe('2026-07-08T16:00:00.000Z');
    expect(new Date(zonedInstant('07/08/2026', '09:00:00')).toISOString()).toBe('2026-07-08T15:00:00.000Z');
    expect(new Date(zonedInstant('07/08/2026', '9:30 AM CDT')).toISOString()).toBe('2026-07-08T14:30:00.000Z');
  });
  it('refuses what it cannot read instead of guessing', () => {
    expect(() => zonedInstant('12/08/2026', '09:00:00XYZ')).toThrow(/zone Leasewire does not know \(XYZ\)/);
    expect(() => zonedInstant('8 Dec', '09:00')).toThrow(/neither MM\/DD\/YYYY/);
    expect(() => zonedInstant('12/08/2026', 'nine')).toThrow(/not HH:MM/);
  });
});

describe('availability mapping', () => {
  it('asks for an inclusive range of MT days and maps calendar types to category ids', () => {
    expect(availabilityParams({ propertyXId: '100101', startDate: '2026-12-30', days: 7, calendarTypes: ['LEASING', 'GENERAL'] })).toEqual({
      propertyId: 100101, fromDate: '12/30/2026', toDate: '01/05/2027', calendarEventCategoryIds: '3,1',
    });
  });
  it('reads lead times', () => {
    expect(leadTimeMinutes('8 Hours')).toBe(480);
    expect(leadTimeMinutes('15 Minutes')).toBe(15);
    expect(leadTimeMinutes('soon')).toBeNull();
  });

  const r1 = {
    propertyCalendarSettings: {
      propertyId: '7', appointmentLength: 60, minLeadTimeTour: '2 Hours',
      availabilities: { availability: [{ day: 'Tuesday', startTime: '09:00:00EST', endTime: '12:00:00EST', simultaneousAppointmentLimit: '2' }] },
    },
    propertyCalendarAvailability: { availableHours: { availableHour: [{ date: '12/08/2026', startTime: '09:00:00EST', endTime: '10:30:00EST' }, { date: '12/08/2026', startTime: '09:10:00MST', endTime: '10:00:00MST' }] } },
  };
  it('gives every time in Mountain Time, slots of the calendar length on the quarter hour, per day of the window', () => {
    const item = mapAvailability(r1, { propertyXId: '7', startDate: '2026-12-08', days: 2, now: 0 });
    expect(item).toMatchObject({ calendar_type: 'PROPERTY_CALENDAR', timezone: 'America/Denver', default_appointment_length: 60, minimum_appointment_lead_time: 120, x_property_id: '7' });
    expect(item.calendar_days[0]).toEqual({
      date: '2026-12-08', day_of_week: 'TUESDAY', opening_time: '07:00:00', closing_time: '10:00:00',
      simultaneous_appointment_mode: 'MULTIPLE', max_simultaneous_appointments: 2,
      available_slots: [{ start: '07:00:00', end: '08:00:00' }],
    });
    expect(item.calendar_days[1]).toMatchObject({ date: '2026-12-09', day_of_week: 'WEDNESDAY', opening_time: null, simultaneous_appointment_mode: 'UNKNOWN', available_slots: [] });
    const short = mapAvailability(r1, { propertyXId: '7', startDate: '2026-12-08', days: 1, durationMinutes: 30, now: 0 });
    expect(short.calendar_days[0]!.available_slots.map((s) => s.start)).toEqual(['07:00:00', '07:30:00', '08:00:00', '09:15:00']);
  });
  it('drops slots before now and reads "No Records Found." as no slots', () => {
    const now = Date.parse('2026-12-08T14:40:00Z');
    const item = mapAvailability(r1, { propertyXId: '7', startDate: '2026-12-08', days: 1, durationMinutes: 30, now });
    expect(item.calendar_days[0]!.available_slots.map((s) => s.start)).toEqual(['07:45:00', '09:15:00']);
    expect(mapAvailability({ success: 'No Records Found.' }, { propertyXId: '7', startDate: '2026-12-08', days: 1, now }).calendar_days[0]!.available_slots).toEqual([]);
  });
});
