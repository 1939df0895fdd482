import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Harness, Json } from './harness.ts';
import { errorOf, resultOf, startHarness } from './harness.ts';

// Monday 7 December 2026, 08:00 MST.
const NOW = Date.parse('2026-12-07T15:00:00Z');
let clock = NOW;
let h: Harness;
/** Property id by zone (medium: Denver, New York, Los Angeles, Phoenix, Chicago). */
const byZone = new Map<string, number>();
let denverApps: number[] = [];

const availability = (params: Json, version = 'r1') => h.call('properties', 'getCalendarAvailability', params, { version });
const book = (propertyId: number, applicationId: number, event: Json) =>
  h.call('leads', 'updateLeads', { propertyId, prospects: { prospect: { applicationId, events: { event: [event] } } } }, { version: 'r2' });
const tour = (day: string, from: string, to: string, extra: Json = {}) => ({
  typeId: 17, subtypeId: 454, date: '12/07/2026T07:00:00', appointmentDate: day, timeFrom: from, timeTo: to, title: 'Tour', comments: 'Tour of 2BR', ...extra,
});

beforeAll(async () => {
  h = await startHarness({ now: () => clock, size: 'medium' });
  for (const id of h.sb.info.propertyIds) {
    const cal = (await h.inspect('GET', `/__sandbox/calendars/${id}`)).body;
    if (!byZone.has(cal.timeZone)) byZone.set(cal.timeZone, id);
  }
  const denver = byZone.get('America/Denver')!;
  denverApps = resultOf(await h.call('leads', 'getLeads', { propertyId: denver, fromDate: '01/01/2020', toDate: '12/31/2026' })).prospects.prospect.slice(0, 2).map((p: Json) => Number(p.applicationId));
});
beforeEach(async () => {
  clock = NOW;
  await h.sb.reset();
});
afterAll(() => h.close());

describe('getCalendarAvailability', () => {
  it('r1: settings and each MT day’s free hours in Mountain Time with the zone glued on, whatever the property’s zone', async () => {
    const denver = resultOf(await availability({ propertyId: byZone.get('America/Denver'), fromDate: '12/08/2026', toDate: '12/08/2026' }));
    expect(denver.propertyCalendarSettings).toMatchObject({ appointmentLength: 30, minLeadTimeTour: '1 Hours' });
    expect(denver.propertyCalendarSettings.availabilities.availability[0]).toMatchObject({ simultaneousAppointmentLimit: '1' });
    expect(denver.propertyCalendarAvailability.availableHours.availableHour).toEqual([{ date: '12/08/2026', startTime: '09:00:00MST', endTime: '18:00:00MST' }]);
    const ny = resultOf(await availability({ propertyId: byZone.get('America/New_York'), fromDate: '12/08/2026', toDate: '12/08/2026' }));
    expect(ny.propertyCalendarAvailability.availableHours.availableHour).toEqual([{ date: '12/08/2026', startTime: '07:00:00MST', endTime: '16:00:00MST' }]);
    // Sunday is closed; today starts after the lead time (08:00 MST now + 1 hour).
    const week = resultOf(await availability({ propertyId: byZone.get('America/Denver'), fromDate: '12/07/2026', toDate: '12/13/2026' }));
    const hours = week.propertyCalendarAvailability.availableHours.availableHour;
    expect(hours.map((x: Json) => x.date)).toEqual(['12/07/2026', '12/08/2026', '12/09/2026', '12/10/2026', '12/11/2026', '12/12/2026']);
    expect(hours[0].startTime).toBe('09:00:00MST');
  });

  it('r2: bookable tours per property-local day in the property’s own zone', async () => {
    const ny = resultOf(await availability({ propertyId: byZone.get('America/New_York'), fromDate: '12/08/2026', toDate: '12/08/2026', tourType: 'AGENT_GUIDED' }, 'r2'));
    const [day] = ny.availableTours.availableTour;
    expect(day.tourDate).toBe('2026-12-08');
    expect(day.tourTime[0]).toBe('09:00 EST - 09:30 EST');
    expect(day.tourTime).toHaveLength(18);
    const la = resultOf(await availability({ propertyId: byZone.get('America/Los_Angeles'), fromDate: '12/08/2026', toDate: '12/08/2026' }, 'r2'));
    expect(la.availableTours.availableTour[0].tourTime.at(-1)).toBe('17:30 PST - 18:00 PST');
  });

  it('refuses ranges beyond the documented limits and unknown tour types', async () => {
    const id = byZone.get('America/Denver');
    expect(errorOf(await availability({ propertyId: id, fromDate: '12/08/2026', toDate: '12/15/2026' })).message).toMatch(/at most 7 days, both ends included; got 8/);
    expect(errorOf(await availability({ propertyId: id, fromDate: '12/08/2026', toDate: '02/07/2027' }, 'r2')).message).toMatch(/at most 60 days/);
    expect(errorOf(await availability({ propertyId: id, fromDate: '12/08/2026', toDate: '12/08/2026', tourType: 'WALK' }, 'r2')).message).toMatch(/AGENT_GUIDED/);
    expect(errorOf(await availability({ propertyId: id, fromDate: '12/08/2026' })).message).toMatch(/toDate/);
  });

  it('DST: 09:00 local opens at the right MT time the day after each 2026 change (Phoenix keeps MST)', async () => {
    clock = Date.parse('2026-03-01T12:00:00Z');
    const first = async (zone: string, day: string) =>
      resultOf(await availability({ propertyId: byZone.get(zone), fromDate: day, toDate: day })).propertyCalendarAvailability.availableHours.availableHour[0].startTime;
    expect(await first('America/Denver', '03/09/2026')).toBe('09:00:00MDT');
    expect(await first('America/New_York', '03/09/2026')).toBe('07:00:00MDT');
    expect(await first('America/Phoenix', '03/09/2026')).toBe('10:00:00MDT');
    const phx = resultOf(await availability({ propertyId: byZone.get('America/Phoenix'), fromDate: '03/09/2026', toDate: '03/09/2026' }, 'r2'));
    expect(phx.availableTours.availableTour[0].tourTime[0]).toBe('09:00 MST - 09:30 MST');
    clock = Date.parse('2026-10-25T12:00:00Z');
    expect(await first('America/Denver', '11/02/2026')).toBe('09:00:00MST');
    expect(await first('America/New_York', '11/02/2026')).toBe('07:00:00MST');
    expect(await first('America/Phoenix', '11/02/2026')).toBe('09:00:00MST');
  });
});

describe('the calendar and updateLeads', () => {
  it('a booked slot leaves the availability, a second booking of it fails, cancelling frees it', async () => {
    const denver = byZone.get('America/Denver')!;
    const [a, b] = denverApps as [number, number];
    expect(resultOf(await book(denver, a, tour('12/08/2026', '10:00:00', '10:30:00'))).prospects[0].status).toBe('Success');
    const slots = resultOf(await availability({ propertyId: denver, fromDate: '12/08/2026', toDate: '12/08/2026' }, 'r2')).availableTours.availableTour[0].tourTime;
    expect(slots).not.toContain('10:00 MST - 10:30 MST');
    expect(slots).toContain('10:30 MST - 11:00 MST');
    const hours = resultOf(await availability({ propertyId: denver, fromDate: '12/08/2026', toDate: '12/08/2026' })).propertyCalendarAvailability.availableHours.availableHour;
    expect(hours).toEqual([
      { date: '12/08/2026', startTime: '09:00:00MST', endTime: '10:00:00MST' },
      { date: '12/08/2026', startTime: '10:30:00MST', endTime: '18:00:00MST' },
    ]);
    const again = (await book(denver, b, tour('12/08/2026', '10:15:00', '10:45:00'))).body.response.result.prospects[0];
    expect(again.status).toBe('Failure');
    expect(again.message).toMatch(/12\/08\/2026 10:15:00-10:45:00 \(Mountain Time\) is not available: appointment \d+ holds it/);
    const cal = (await h.inspect('GET', `/__sandbox/calendars/${denver}?from=2026-12-08T00:00:00Z&to=2026-12-09T00:00:00Z`)).body;
    expect(cal.appointments).toHaveLength(1);
    expect(cal.appointments[0]).toMatchObject({ applicationId: a, start: '2026-12-08T17:00:00.000Z', end: '2026-12-08T17:30:00.000Z' });
    // Cancelled (result 124) frees the slot for the other lead.
    const eventId = cal.appointments[0].eventId;
    expect(resultOf(await book(denver, a, { eventId, typeId: 17, eventResultId: 124, title: 'Tour', comments: 'Cancelled' })).prospects[0].status).toBe('Success');
    expect(resultOf(await book(denver, b, tour('12/08/2026', '10:15:00', '10:45:00'))).prospects[0].status).toBe('Success');
  });

  it('moving an appointment is checked against the others only', async () => {
    const denver = byZone.get('America/Denver')!;
    const [a] = denverApps as [number];
    resultOf(await book(denver, a, tour('12/08/2026', '10:00:00', '10:30:00')));
    const [appt] = (await h.inspect('GET', `/__sandbox/calendars/${denver}`)).body.appointments;
    expect(resultOf(await book(denver, a, { eventId: appt.eventId, typeId: 17, timeFrom: '10:15:00', timeTo: '10:45:00', title: 'Tour', comments: 'Moved' })).prospects[0].status).toBe('Success');
  });

  it('inspection: 404 for an unknown property, 400 for a bad window', async () => {
    expect((await h.inspect('GET', '/__sandbox/calendars/1')).status).toBe(404);
    expect((await h.inspect('GET', `/__sandbox/calendars/${byZone.get('America/Denver')}?from=soon`)).status).toBe(400);
  });
});
