import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asReadFromEntrata } from '../support/profile.ts';
import { createWriteHarness, personAt, type WriteHarness } from './writeHarness.ts';

// Event times reach Entrata as Mountain Time wall clock (America/Denver, with DST) whatever the
// offset the client used or the zone of the property (§6.3–6.4).
let w: WriteHarness;
beforeAll(async () => {
  w = await createWriteHarness();
}, 60_000);
afterAll(() => w?.close());

async function writeAt(property: string, skip: number, body: Record<string, unknown>) {
  const lead = await personAt(w, 'leads', property, skip);
  const type = await w.pick('event_types', property, '8');
  const res = await w.post('/v1/events/leads/entrata/', { integration_id: w.integrationId, lead_id: lead.id, event_type_id: type.id, ...body });
  expect(res.statusCode, res.body).toBe(200);
  const status = await w.settle(res.json().meta.job_id as string);
  expect(status.write_status, JSON.stringify(status)).toBe('SUCCESS');
  const events = await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`);
  const event = events.find((e) => e.comments === body.notes);
  expect(event, `no event "${String(body.notes)}"`).toBeDefined();
  const stored = (await w.get(`/v1/events/${status.created_record_id}`)).json().results as { event_datetime: string; appointment_datetime: string | null };
  return { event: event!, stored };
}

const wall = (mountain: string) => mountain.replace(/\.\d+/, '');

describe('event times in Mountain Time across DST (sandbox)', () => {
  it.each([
    ['January (MST)', '100101', '2026-01-15T09:30:00-07:00', '01/15/2026 09:30:00 MST', '2026-01-15T16:30:00.000Z'],
    ['July (MDT)', '100101', '2026-07-15T09:30:00-06:00', '07/15/2026 09:30:00 MDT', '2026-07-15T15:30:00.000Z'],
    ['the March gap: 02:30 MST on 03/08 is 03:30 MDT', '100101', '2026-03-08T02:30:00-07:00', '03/08/2026 03:30:00 MDT', '2026-03-08T09:30:00.000Z'],
    ['the November overlap, first 01:30 (MDT)', '100101', '2026-11-01T01:30:00-06:00', '11/01/2026 01:30:00 MDT', '2026-11-01T07:30:00.000Z'],
    ['New York 10:00 in January', '100102', '2026-01-15T10:00:00-05:00', '01/15/2026 08:00:00 MST', '2026-01-15T15:00:00.000Z'],
    ['New York 10:00 in July', '100102', '2026-07-15T10:00:00-04:00', '07/15/2026 08:00:00 MDT', '2026-07-15T14:00:00.000Z'],
    ['Oakland 23:30 in July is the next MT day', '100103', '2026-07-15T23:30:00-07:00', '07/16/2026 00:30:00 MDT', '2026-07-16T06:30:00.000Z'],
  ])('%s', async (name, property, at, mountain, utc) => {
    const { event, stored } = await writeAt(property, 0, { event_datetime: at, notes: `dst ${name}` });
    expect(wall(event.date.mountain)).toBe(mountain);
    expect(event.date.utc).toBe(utc);
    expect(stored.event_datetime).toBe(asReadFromEntrata(utc));
  });

  it('the November overlap, second 01:30 (MST): the MT wall clock is right; Entrata reads it as the first', async () => {
    // Entrata's date-times carry no offset, so the second 01:30 cannot be told apart on the wire (§6.4).
    const { event, stored } = await writeAt('100101', 1, { event_datetime: '2026-11-01T01:30:00-07:00', notes: 'dst overlap second' });
    expect(wall(event.date.mountain)).toMatch(/^11\/01\/2026 01:30:00 M[DS]T$/);
    expect(stored.event_datetime).toBe(asReadFromEntrata(event.date.utc));
  });

  it('an appointment from New York lands on the MT day and time, derived when time_from is absent', async () => {
    const lead = await personAt(w, 'leads', '100102', 2);
    const type = await w.pick('event_types', '100102', '17');
    const subType = await w.pick('event_sub_types', '100102', '453');
    const res = await w.post('/v1/events/leads/entrata/', {
      integration_id: w.integrationId,
      lead_id: lead.id,
      event_type_id: type.id,
      event_sub_type_id: subType.id,
      event_datetime: '2026-03-07T12:00:00-05:00',
      appointment_datetime: '2026-03-08T05:30:00-04:00',
      time_to: '04:00:00',
      notes: 'dst appointment',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await w.settle(res.json().meta.job_id as string)).write_status).toBe('SUCCESS');
    const event = (await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`)).find((e) => e.comments === 'dst appointment')!;
    // 05:30 EDT on 03/08 = 09:30Z = 03:30 MDT, just after the gap.
    expect(event.appointment).toMatchObject({ appointmentDate: '03/08/2026', timeFrom: '03:30:00', timeTo: '04:00:00' });
    expect(wall(event.date.mountain)).toBe('03/07/2026 10:00:00 MST');
  });
});
