import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteHarness, personAt, type WriteHarness } from '../writes/writeHarness.ts';
import { nextMtWeekday } from './tourDays.ts';

// Booking through POST /v1/events/appointments/…: validated at once, a durable write job, exactly
// once in the sandbox, and a slot taken when the job runs is a FAILURE naming the conflict. Runs
// under SANDBOX_PROFILE rich and spec.
let w: WriteHarness;
const monday = nextMtWeekday(1);
const tuesday = nextMtWeekday(2);
let denverProperty: string;

beforeAll(async () => {
  w = await createWriteHarness({ worker: { concurrency: 4 } });
  denverProperty = (await w.rows('properties')).find((p) => p.x_id === '100101')!.id;
}, 60_000);
afterAll(() => w?.close());

const book = (lead: { id: string }, extra: Record<string, unknown> = {}, path = '/v1/events/appointments/leads/entrata/') =>
  w.post(path, { integration_id: w.integrationId, lead_id: lead.id, appointment_date: monday, appointment_time: '10:00:00', appointment_duration_minutes: 30, appointment_type: 'TOUR', notes: 'Tour of 2BR units', ...extra });
const slotsOn = async (day: string): Promise<string[]> => {
  const res = await w.post('/v1/appointment-availability/entrata/', { integration_id: w.integrationId, property_id: denverProperty, availability_start_date: day, availability_duration_days: 1 });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().result[0].calendar_days[0].available_slots.map((s: { start: string }) => s.start);
};

describe('booking an appointment', () => {
  it('books: SUCCESS with a created_record_id, the event in Entrata dated now with the appointment in its nodes, the slot gone', async () => {
    expect(await slotsOn(monday)).toContain('10:00:00');
    const lead = await personAt(w, 'leads', '100101', 0);
    const res = await book(lead, { title: 'Tour' });
    expect(res.statusCode, res.body).toBe(200);
    const { meta, result } = res.json();
    expect(result).toMatchObject({ lead_id: lead.id, appointment_time: '10:00:00' });
    const done = await w.settle(meta.job_id, 30_000);
    expect(done.write_status, JSON.stringify(done)).toBe('SUCCESS');
    expect(done.created_record_id).not.toBeNull();
    const events = (await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`)).filter((e) => e.typeId === 17);
    expect(events).toHaveLength(1);
    const [mm, dd, yyyy] = [monday.slice(5, 7), monday.slice(8, 10), monday.slice(0, 4)];
    expect(events[0]).toMatchObject({ subtypeId: 454, title: 'Tour', comments: 'Tour of 2BR units', appointment: { appointmentDate: `${mm}/${dd}/${yyyy}`, timeFrom: '10:00:00', timeTo: '10:30:00' } });
    // The event's own date is when it was booked, not the appointment (Entrata refuses future dates).
    expect(Math.abs(Date.parse(events[0]!.date.utc) - Date.now())).toBeLessThan(120_000);
    const stored = (await w.get(`/v1/events/${done.created_record_id}`)).json().results;
    expect(stored.x_id).toBe(String(events[0]!.eventId));
    // Listed among the lead's appointments; its other events (notes, calls…) are not.
    const listed = (await w.get(`/v1/appointments/?lead_id=${lead.id}`)).json();
    expect(listed.results.map((e: { id: string }) => e.id)).toContain(done.created_record_id);
    expect(listed.results.every((e: { x_type_id: string }) => e.x_type_id === '17')).toBe(true);
    const all = (await w.get(`/v1/events/?lead_id=${lead.id}`)).json();
    expect(all.meta.total).toBeGreaterThan(listed.meta.total);
    const slots = await slotsOn(monday);
    expect(slots).not.toContain('10:00:00');
    expect(slots).toContain('10:30:00');
  }, 60_000);

  it('two clients booking the same slot at once: one SUCCESS, one FAILURE naming the conflict', async () => {
    const [a, b] = [await personAt(w, 'leads', '100101', 1), await personAt(w, 'leads', '100101', 2)];
    const [ra, rb] = await Promise.all([book(a, { appointment_time: '11:00:00' }), book(b, { appointment_time: '11:00:00' })]);
    expect([ra.statusCode, rb.statusCode]).toEqual([200, 200]);
    const settled = await Promise.all([ra, rb].map((r) => w.settle(r.json().meta.job_id, 30_000)));
    expect(settled.map((s) => s.write_status).sort()).toEqual(['FAILURE', 'SUCCESS']);
    const failure = settled.find((s) => s.write_status === 'FAILURE')!;
    expect(failure.errors.join(' ')).toMatch(/time slot .* 11:00:00-11:30:00 \(Mountain Time\) is not available: appointment \d+ holds it/);
    // The failure path's webhook, with the conflict in its errors.
    const failedJob = [ra, rb].map((r) => r.json().meta.job_id as string).find((_, i) => settled[i]!.write_status === 'FAILURE')!;
    const outbox = await w.h.store.db.selectFrom('sync_outbox').select(['payload']).where('event', '=', 'WRITE_OPERATION_FAILURE').execute();
    const payload = outbox.map((o) => JSON.parse(o.payload) as { root_job_id: string; errors: string[] }).find((p) => p.root_job_id === failedJob);
    expect(payload?.errors.join(' ')).toMatch(/is not available/);
    const booked = [...(await w.sandboxEvents(`applicationId=${a.applicationId}&origin=api`)), ...(await w.sandboxEvents(`applicationId=${b.applicationId}&origin=api`))];
    expect(booked.filter((e) => e.appointment?.timeFrom === '11:00:00')).toHaveLength(1);
  }, 60_000);

  it('the generic route books too, and applicants need their application', async () => {
    const lead = await personAt(w, 'leads', '100101', 3);
    const res = await book(lead, { appointment_date: tuesday, appointment_time: '14:00:00', appointment_type: 'VIRTUAL_TOUR' }, '/v1/events/appointments/leads');
    expect(res.statusCode, res.body).toBe(200);
    expect((await w.settle(res.json().job_id, 30_000)).write_status).toBe('SUCCESS');
    const extra = await book(lead, { priority: 'HIGH' }, '/v1/events/appointments/leads');
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.message).toMatch(/does not take priority on leads appointments.*ignore_unknown_fields=true/);
    const applicant = await personAt(w, 'applicants', '100101', 0);
    const noApp = await w.post('/v1/events/appointments/applicants/entrata/', { integration_id: w.integrationId, applicant_id: applicant.id, appointment_date: tuesday, appointment_time: '15:00:00', appointment_duration_minutes: 30, appointment_type: 'TOUR', notes: 'x' });
    expect(noApp.statusCode).toBe(400);
    expect(noApp.body).toMatch(/application_id/);
    const ok = await w.post('/v1/events/appointments/applicants/entrata/', { integration_id: w.integrationId, applicant_id: applicant.id, application_id: applicant.applicationId, appointment_date: tuesday, appointment_time: '15:00:00', appointment_duration_minutes: 45, appointment_type: 'LEASING_APPOINTMENT', notes: 'Sign lease' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await w.settle(ok.json().meta.job_id, 30_000)).write_status).toBe('SUCCESS');
  }, 60_000);

  it('refuses at once what Entrata would: past times, outside office hours, a closed day, bad type, duration, notes', async () => {
    const lead = await personAt(w, 'leads', '100101', 4);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ appointment_date: '2020-01-06' }, /appointment_time: 2020-01-06 10:00:00 Mountain Time is not in the future/],
      [{ appointment_time: '08:00:00' }, /outside the office hours on Monday .*America\/Denver.*9:00 AM–6:00 PM local/],
      [{ appointment_time: '17:45:00' }, /17:45–18:15 Mountain Time is outside the office hours/],
      [{ appointment_date: nextMtWeekday(7) }, /the office is closed on Sunday/],
      [{ appointment_type: 'OPEN_HOUSE' }, /appointment_type must be one of LEASING_APPOINTMENT, SELF_GUIDED_TOUR, TOUR, VIRTUAL_TOUR/],
      [{ appointment_duration_minutes: 0 }, /appointment_duration_minutes/],
      [{ appointment_duration_minutes: 600 }, /at most 480/],
      [{ notes: '' }, /notes must have at least 1 character/],
      [{ appointment_time: '9:00' }, /HH:MM:SS/],
    ];
    for (const [extra, message] of cases) {
      const res = await book(lead, extra);
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().error.message, JSON.stringify(extra)).toMatch(message);
    }
  });
});
