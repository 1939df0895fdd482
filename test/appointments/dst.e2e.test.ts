import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWriteHarness, personAt, type WriteHarness } from '../writes/writeHarness.ts';

// DST: a tour at 09:00 local in Phoenix (no DST), New York and Denver on the day after each 2026
// change, booked as a client would: the first slot of the availability answer (Mountain Time),
// booked as is. Each must land at 09:00 local. The clock (Leasewire's and the sandbox's, one
// process) is set before each change so that the days are in the future.
let w: WriteHarness;
const propertyOf = new Map<string, { id: string; xId: string }>();

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date('2026-03-02T12:00:00Z'));
  w = await createWriteHarness({ worker: { concurrency: 2 } }, {}, { size: 'medium' });
  for (const p of await w.rows('properties')) {
    const state = String(p.data.state);
    if (!propertyOf.has(state)) propertyOf.set(state, { id: p.id, xId: p.x_id });
  }
}, 120_000);
afterAll(async () => {
  await w?.close();
  vi.useRealTimers();
});

const cases: Array<{ now: string; day: string; state: string; mt: string; utc: string }> = [
  { now: '2026-03-02T12:00:00Z', day: '2026-03-09', state: 'AZ', mt: '10:00:00', utc: '2026-03-09T16:00:00.000Z' },
  { now: '2026-03-02T12:00:00Z', day: '2026-03-09', state: 'NY', mt: '07:00:00', utc: '2026-03-09T13:00:00.000Z' },
  { now: '2026-03-02T12:00:00Z', day: '2026-03-09', state: 'CO', mt: '09:00:00', utc: '2026-03-09T15:00:00.000Z' },
  { now: '2026-10-26T12:00:00Z', day: '2026-11-02', state: 'AZ', mt: '09:00:00', utc: '2026-11-02T16:00:00.000Z' },
  { now: '2026-10-26T12:00:00Z', day: '2026-11-02', state: 'NY', mt: '07:00:00', utc: '2026-11-02T14:00:00.000Z' },
  { now: '2026-10-26T12:00:00Z', day: '2026-11-02', state: 'CO', mt: '09:00:00', utc: '2026-11-02T16:00:00.000Z' },
];

describe('09:00 local on the day after each 2026 DST change', () => {
  let n = 0;
  for (const c of cases) {
    it(`${c.state} ${c.day}: the first slot is ${c.mt} MT and the tour lands at ${c.utc}`, async () => {
      vi.setSystemTime(new Date(c.now));
      const property = propertyOf.get(c.state)!;
      const res = await w.post('/v1/appointment-availability/entrata/', { integration_id: w.integrationId, property_id: property.id, availability_start_date: c.day, availability_duration_days: 1 });
      expect(res.statusCode, res.body).toBe(200);
      const first = res.json().result[0].calendar_days[0].available_slots[0];
      expect(first.start).toBe(c.mt);
      const lead = await personAt(w, 'leads', property.xId, n++);
      const booked = await w.post('/v1/events/appointments/leads/entrata/', {
        integration_id: w.integrationId, lead_id: lead.id, appointment_date: c.day, appointment_time: first.start, appointment_duration_minutes: 30, appointment_type: 'TOUR', notes: `DST tour ${c.state}`,
      });
      expect(booked.statusCode, booked.body).toBe(200);
      const done = await w.settle(booked.json().meta.job_id, 30_000);
      expect(done.write_status, JSON.stringify(done)).toBe('SUCCESS');
      const [event] = (await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`)).filter((e) => e.comments === `DST tour ${c.state}`);
      expect((event?.appointment as unknown as { start: { utc: string } }).start.utc).toBe(c.utc);
    }, 60_000);
  }
});
