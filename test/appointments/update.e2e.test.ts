import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteHarness, personAt, type WriteHarness } from '../writes/writeHarness.ts';
import { nextMtWeekday } from './tourDays.ts';

// Rescheduling and cancelling through updateLeads with the event's id: each once in the sandbox
// (the same event changed, no new one), read back, the slots following. Both sandbox profiles.
let w: WriteHarness;
const wednesday = nextMtWeekday(3);
let property: string;

beforeAll(async () => {
  w = await createWriteHarness({ worker: { concurrency: 2 } });
  property = (await w.rows('properties')).find((p) => p.x_id === '100101')!.id;
}, 60_000);
afterAll(() => w?.close());

const slots = async (): Promise<string[]> =>
  (await w.post('/v1/appointment-availability/entrata/', { integration_id: w.integrationId, property_id: property, availability_start_date: wednesday, availability_duration_days: 1 })).json().result[0].calendar_days[0].available_slots.map((s: { start: string }) => s.start);

async function booked(skip: number, time: string): Promise<{ lead: Awaited<ReturnType<typeof personAt>>; eventId: string }> {
  const lead = await personAt(w, 'leads', '100101', skip);
  const res = await w.post('/v1/events/appointments/leads/entrata/', { integration_id: w.integrationId, lead_id: lead.id, appointment_date: wednesday, appointment_time: time, appointment_duration_minutes: 30, appointment_type: 'TOUR', notes: 'First booking' });
  const done = await w.settle(res.json().meta.job_id, 30_000);
  expect(done.write_status, JSON.stringify(done)).toBe('SUCCESS');
  return { lead, eventId: done.created_record_id! };
}

describe('rescheduling and cancelling', () => {
  it('reschedules the same event once: its old slot frees, its new one is taken', async () => {
    const { lead, eventId } = await booked(5, '13:00:00');
    const res = (await w.ctx.app.inject({ method: 'PUT', url: `/v1/events/appointments/leads/entrata/${eventId}`, headers: w.headers, payload: { appointment_time: '15:30:00', appointment_duration_minutes: 60, notes: 'Moved to the afternoon' } }));
    expect(res.statusCode, res.body).toBe(200);
    const done = await w.settle(res.json().meta.job_id, 30_000);
    expect(done.write_status, JSON.stringify(done)).toBe('SUCCESS');
    expect(done.created_record_id).toBe(eventId);
    const events = (await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`)).filter((e) => e.typeId === 17);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ comments: 'Moved to the afternoon', appointment: { timeFrom: '15:30:00', timeTo: '16:30:00' } });
    const free = await slots();
    expect(free).toContain('13:00:00');
    expect(free).not.toContain('15:30:00');
    expect(free).not.toContain('16:00:00');
  }, 60_000);

  it('cancels once (Entrata result Cancelled), the slot frees; the generic cancel too', async () => {
    for (const [skip, time, path] of [[6, '10:00:00', '/v1/events/appointments/leads/cancel/entrata'], [7, '11:00:00', '/v1/events/appointments/leads/cancel']] as const) {
      const { lead, eventId } = await booked(skip, time);
      expect(await slots()).not.toContain(time);
      const res = await w.post(path, { integration_id: w.integrationId, event_id: eventId });
      expect(res.statusCode, res.body).toBe(200);
      const jobId = (res.json().meta?.job_id ?? res.json().job_id) as string;
      const done = await w.settle(jobId, 30_000);
      expect(done.write_status, JSON.stringify(done)).toBe('SUCCESS');
      const events = (await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`)).filter((e) => e.typeId === 17);
      expect(events).toHaveLength(1);
      expect(events[0]!.eventResultId).toBe(124);
      expect(await slots()).toContain(time);
    }
  }, 60_000);

  it('refuses what cannot be done, saying why', async () => {
    const { eventId } = await booked(8, '09:00:00');
    const put = (url: string, payload: Record<string, unknown>) => w.ctx.app.inject({ method: 'PUT', url, headers: w.headers, payload });
    const noLength = await put(`/v1/events/appointments/leads/entrata/${eventId}`, { appointment_time: '12:00:00', notes: 'x' });
    expect(noLength.statusCode).toBe(400);
    expect(noLength.json().error.message).toMatch(/appointment_duration_minutes is required with a new appointment_date or appointment_time/);
    const noNotes = await put(`/v1/events/appointments/leads/entrata/${eventId}`, { appointment_type: 'VIRTUAL_TOUR' });
    expect(noNotes.statusCode).toBe(400);
    expect((await put('/v1/events/appointments/leads/entrata/ev_nope', { notes: 'x' })).statusCode).toBe(404);
    const generic = await put(`/v1/events/leads/${eventId}`, { notes: 'x' });
    expect(generic.statusCode).toBe(400);
    expect(generic.json().error.message).toMatch(/^ENTRATA does not support updating events; add a new event instead .*PUT \/v1\/events\/appointments\/leads\/entrata\/\{event_id\}/);
    const note = (await w.get(`/v1/events/?lead_id=${(await personAt(w, 'leads', '100101', 8)).id}&limit=250`)).json().results.find((e: { x_type_id: string }) => e.x_type_id !== '17');
    const cancelNote = await w.post('/v1/events/appointments/leads/cancel/entrata', { integration_id: w.integrationId, event_id: note.id });
    expect(cancelNote.statusCode).toBe(400);
    expect(cancelNote.json().error.message).toMatch(/is not an appointment/);
  }, 60_000);
});
