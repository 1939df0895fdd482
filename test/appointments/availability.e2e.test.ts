import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWriteHarness, type WriteHarness } from '../writes/writeHarness.ts';
import { nextMtWeekday } from './tourDays.ts';

// POST /v1/appointment-availability/{entrata/}: a live read of the sandbox's calendars through the
// connector (getCalendarAvailability r1), in Propexo's shape. Runs under SANDBOX_PROFILE rich and spec.
let w: WriteHarness;
const property = new Map<string, string>();
const monday = nextMtWeekday(1);
const sunday = nextMtWeekday(7);

beforeAll(async () => {
  w = await createWriteHarness({ worker: false }, { availabilityTimeoutMs: 1_500 });
  for (const p of await w.rows('properties')) property.set(p.x_id, p.id);
}, 60_000);
afterAll(() => w?.close());
beforeEach(() => w.setFaults({}));

const ask = (body: Record<string, unknown>, path = '/v1/appointment-availability/entrata/') =>
  w.post(path, { integration_id: w.integrationId, availability_duration_days: 1, availability_start_date: monday, ...body });
const calendarRequests = async (): Promise<number> => {
  const res = await fetch(`${w.h.sandbox.url}/__sandbox/requests?method=getCalendarAvailability`);
  return ((await res.json()) as { requests: unknown[] }).requests.length;
};

describe('appointment availability', () => {
  it('lists a property’s slots for each day in Mountain Time, whatever the property’s zone', async () => {
    const denver = await ask({ property_id: property.get('100101') });
    expect(denver.statusCode, denver.body).toBe(200);
    const body = denver.json();
    expect(typeof body.meta.job_id).toBe('string');
    expect(body.result).toHaveLength(1);
    const [cal] = body.result;
    expect(cal).toMatchObject({ calendar_type: 'PROPERTY_CALENDAR', timezone: 'America/Denver', x_property_id: '100101', default_appointment_length: 30, minimum_appointment_lead_time: 60, x_agent_id: null });
    expect(Number.isNaN(Date.parse(cal.last_seen))).toBe(false);
    expect(cal.calendar_days).toEqual([
      expect.objectContaining({ date: monday, day_of_week: 'MONDAY', opening_time: '09:00:00', closing_time: '18:00:00', simultaneous_appointment_mode: 'SINGLE', max_simultaneous_appointments: 1 }),
    ]);
    expect(cal.calendar_days[0].available_slots[0]).toEqual({ start: '09:00:00', end: '09:30:00' });
    expect(cal.calendar_days[0].available_slots).toHaveLength(18);
    // New York opens at 09:00 local = 07:00 MT; Los Angeles at 10:00 MT.
    const ny = (await ask({ property_id: property.get('100102') })).json().result[0].calendar_days[0];
    expect([ny.opening_time, ny.closing_time, ny.available_slots[0].start]).toEqual(['07:00:00', '16:00:00', '07:00:00']);
    const la = (await ask({ property_id: property.get('100103'), appointment_duration_minutes: 60 })).json().result[0].calendar_days[0];
    expect([la.opening_time, la.available_slots[0], la.available_slots.length]).toEqual(['10:00:00', { start: '10:00:00', end: '11:00:00' }, 9]);
  });

  it('a week: a closed Sunday has no hours and no slots; the generic route answers the same', async () => {
    const res = await ask({ property_id: property.get('100101'), availability_start_date: `${sunday}T12:00:00-07:00`, availability_duration_days: 2 }, '/v1/appointment-availability/');
    expect(res.statusCode, res.body).toBe(200);
    const days = res.json().result[0].calendar_days;
    expect(days.map((d: { date: string; day_of_week: string }) => d.day_of_week)).toEqual(['SUNDAY', 'MONDAY']);
    expect(days[0]).toMatchObject({ date: sunday, opening_time: null, closing_time: null, available_slots: [] });
    expect(days[1].available_slots).toHaveLength(18);
  });

  it('keeps an answer a few seconds: a poller costs Entrata one call per window', async () => {
    const before = await calendarRequests();
    const body = { property_id: property.get('100101'), appointment_duration_minutes: 45 };
    const a = await ask(body);
    const b = await ask(body);
    expect(b.json().result[0].calendar_days).toEqual(a.json().result[0].calendar_days);
    expect((await calendarRequests()) - before).toBe(1);
  });

  it('400s name the field and the fix', async () => {
    const unknown = await ask({ property_id: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/No property "nope".*GET \/v1\/properties\//);
    const tooLong = await ask({ property_id: property.get('100101'), availability_duration_days: 8 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toMatch(/availability_duration_days/);
    const badDate = await ask({ property_id: property.get('100101'), availability_start_date: 'tomorrow' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toMatch(/YYYY-MM-DD/);
    const employee = await ask({ property_id: property.get('100101'), employee_id: 'x' }, '/v1/appointment-availability/');
    expect(employee.statusCode).toBe(400);
    expect(employee.json().error.message).toMatch(/per property, not per employee: remove employee_id/);
    const vendorEmployee = await ask({ property_id: property.get('100101'), employee_id: 'x' });
    expect(vendorEmployee.statusCode).toBe(400);
  });

  it('502 when Entrata fails, 504 when it does not answer in time', async () => {
    const fresh = { property_id: property.get('100102'), appointment_duration_minutes: 20 };
    await w.setFaults({ 'properties/getCalendarAvailability': [{ kind: 'envelope', code: 500 }] });
    const failed = await ask(fresh);
    expect(failed.statusCode, failed.body).toBe(502);
    expect(failed.json().error.code).toBe('pms_error');
    expect(failed.json().error.message).toMatch(/^Entrata could not give the availability/);
    await w.setFaults({ 'properties/getCalendarAvailability': [{ kind: 'hang' }] });
    const hung = await ask(fresh);
    expect(hung.statusCode, hung.body).toBe(504);
    expect(hung.json().error.message).toMatch(/did not answer getCalendarAvailability within 2 s\. Try again/);
    // Failures are not kept: the next question reaches Entrata again.
    await w.setFaults({});
    expect((await ask(fresh)).statusCode).toBe(200);
  }, 30_000);
});
