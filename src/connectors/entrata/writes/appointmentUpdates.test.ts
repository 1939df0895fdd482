import { describe, expect, it } from 'vitest';
import { buildAppointmentUpdateParams, placeEventId, updateShown, type EntrataAppointmentUpdate } from './appointmentUpdates.ts';

const base: EntrataAppointmentUpdate = { op: 'appointment_update', propertyId: '100101', applicationId: '10000002', eventId: '60000123', eventDatetime: '2026-12-07T20:00:00.000Z' };

describe('appointment updates', () => {
  it('places eventId inside the event node (our choice, one function)', () => {
    expect(placeEventId({ typeId: 17 }, '60000123')).toEqual({ typeId: 17, eventId: 60000123 });
  });
  it('a reschedule sends the id, the new window in MT and the texts, never the event date', () => {
    const p = buildAppointmentUpdateParams({ ...base, subtypeId: '525', appointmentDatetime: '2026-12-09T22:30:00.000Z', timeFrom: '15:30:00', timeTo: '16:30:00', comments: 'Moved', title: 'Tour' });
    expect(p).toEqual({
      propertyId: 100101,
      prospects: { prospect: { applicationId: 10000002, events: { event: [{ typeId: 17, subtypeId: 525, appointmentDate: '12/09/2026', timeFrom: '15:30:00', timeTo: '16:30:00', comments: 'Moved', title: 'Tour', eventId: 60000123 }] } } },
    });
  });
  it('a cancel sends the Cancelled result', () => {
    const event = (buildAppointmentUpdateParams({ ...base, eventResultId: '124', comments: 'Appointment cancelled', title: 'Tour' }) as { prospects: { prospect: { events: { event: unknown[] } } } }).prospects.prospect.events.event[0];
    expect(event).toEqual({ typeId: 17, eventResultId: 124, comments: 'Appointment cancelled', title: 'Tour', eventId: 60000123 });
  });
  it('the read-back shows the update only when every returned field agrees', () => {
    const u = { ...base, appointmentDatetime: '2026-12-09T22:30:00.000Z', timeFrom: '15:30:00', timeTo: '16:30:00', eventResultId: '124' };
    expect(updateShown({ eventId: '60000123', appointmentDate: '2026-12-09', timeFrom: '15:30', timeTo: '16:30:00', eventResultId: 124 }, u)).toBe(true);
    expect(updateShown({ eventId: '60000123', appointmentDate: '12/09/2026', timeFrom: '15:30:00' }, u)).toBe(true);
    expect(updateShown({ eventId: '60000123', appointmentDate: '2026-12-09', timeFrom: '13:00:00' }, u)).toBe(false);
    expect(updateShown({ eventId: '60000123', appointmentDate: '2026-12-10' }, u)).toBe(false);
    expect(updateShown({ eventId: '60000123', eventResultId: '121' }, u)).toBe(false);
  });
});
