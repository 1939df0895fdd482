import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteHarness, personAt, type WriteHarness } from './writeHarness.ts';

// Twin writes: two writes to one lead with the same type, time and notes, no Idempotency-Key,
// while the first one's send fails in each way the sandbox can fail. Each must end SUCCESS with
// its own event: two events in Entrata, two distinct created_record_ids, each the event with its
// own title (see "Exactly once across retries", src/writes/worker.ts). Runs in the sandbox
// profile of SANDBOX_PROFILE (CI runs it under `rich` and `spec`).
let w: WriteHarness;
let typeId: string;
beforeAll(async () => {
  w = await createWriteHarness({ worker: { concurrency: 4 } });
  typeId = (await w.pick('event_types', '100101', '8')).id;
}, 60_000);
afterAll(() => w?.close());

const faultKinds: Array<[string, unknown[]]> = [
  ['HTTP 500 before the write', [{ kind: 'http', status: 500, times: 1 }]],
  ['HTTP 502', [{ kind: 'http', status: 502, times: 1 }]],
  ['HTTP 503', [{ kind: 'http', status: 503, times: 1 }]],
  ['HTTP 504', [{ kind: 'http', status: 504, times: 1 }]],
  ['envelope 500', [{ kind: 'envelope', code: 500, times: 1 }]],
  ['envelope 310', [{ kind: 'envelope', code: 310, times: 1 }]],
  ['429 throttle', [{ kind: 'throttle', retryAfter: 0, times: 1 }]],
  ['written, then the connection dropped', [{ kind: 'drop', times: 1 }]],
  ['latency', [{ kind: 'latency', ms: 300, times: 1 }]],
  // The first send fails before the write, the next one lands and its answer is lost: two sends
  // in doubt one after the other, the case where only the gate keeps the titles apart.
  ['HTTP 500, then written and dropped', [{ kind: 'http', status: 500, times: 1 }, { kind: 'drop', times: 1 }]],
  ['no answer (timeout)', [{ kind: 'hang', times: 1 }]],
];

let skip = 0;
async function twins(faults: unknown[], titles: [string, string]) {
  const lead = await personAt(w, 'leads', '100101', skip++);
  const notes = `twin ${skip}`;
  const body = { integration_id: w.integrationId, lead_id: lead.id, event_type_id: typeId, event_datetime: '2025-06-01T10:00:00-06:00', notes };
  await w.setFaults({ 'leads/updateLeads': faults });
  const jobs: string[] = [];
  for (const title of titles) {
    const res = await w.post('/v1/events/leads/entrata/', { ...body, title });
    expect(res.statusCode, res.body).toBe(200);
    jobs.push(res.json().meta.job_id as string);
  }
  const settled = await Promise.all(jobs.map((j) => w.settle(j, 60_000)));
  await w.setFaults({});
  const events = (await w.sandboxEvents(`applicationId=${lead.applicationId}`)).filter((e) => e.comments === notes);
  return { settled, events };
}

describe('twin writes under every fault kind', () => {
  for (const [name, faults] of faultKinds) {
    for (const titles of [['Same', 'Same'], ['First', 'Second']] as Array<[string, string]>) {
      it(`${name}, titles ${titles.join(' / ')}: two SUCCESS, two events, each its own`, async () => {
        const { settled, events } = await twins(faults, titles);
        expect(settled.map((s) => s.write_status), JSON.stringify(settled)).toEqual(['SUCCESS', 'SUCCESS']);
        expect(events).toHaveLength(2);
        const created = settled.map((s) => s.created_record_id);
        expect(created[0]).not.toBeNull();
        expect(new Set(created).size).toBe(2);
        // Each job's record is an event with the title that job sent.
        for (const [i, id] of created.entries()) {
          const xId = (await w.get(`/v1/events/${id}`)).json().results.x_id as string;
          expect(events.find((e) => String(e.eventId) === xId)?.title).toBe(titles[i]);
        }
      }, 90_000);
    }
  }
});

describe('claims outlive the gate', () => {
  it('a retry-write of a FAILURE in doubt never takes the event a later twin claimed', async () => {
    const lead = await personAt(w, 'leads', '100101', skip++);
    const body = { integration_id: w.integrationId, lead_id: lead.id, event_type_id: typeId, event_datetime: '2025-06-02T10:00:00-06:00', notes: 'claimed twin' };
    // A: every send fails before the write, so it ends FAILURE with its outcome in doubt.
    await w.setFaults({ 'leads/updateLeads': [{ kind: 'http', status: 500 }] });
    const a = (await w.post('/v1/events/leads/entrata/', body)).json().meta.job_id as string;
    expect((await w.settle(a, 60_000)).write_status).toBe('FAILURE');
    const phase = await w.h.store.db.selectFrom('write_jobs').select('phase').where('id', '=', a).executeTakeFirstOrThrow();
    expect(phase.phase).toBe('SENT');
    await w.setFaults({});
    // B, the twin, lands and claims its event.
    const b = await w.settle((await w.post('/v1/events/leads/entrata/', body)).json().meta.job_id as string);
    expect(b.write_status).toBe('SUCCESS');
    // A retried: B's event is new to A's snapshot and matches every field, but it is claimed.
    const retry = (await w.post(`/v1/admin/retry-write/${a}`, {})).json().job_id as string;
    const r = await w.settle(retry);
    expect(r.write_status).toBe('SUCCESS');
    expect(r.created_record_id).not.toBe(b.created_record_id);
    expect((await w.sandboxEvents(`applicationId=${lead.applicationId}`)).filter((e) => e.comments === 'claimed twin')).toHaveLength(2);
  }, 90_000);

  it('the store refuses a second claim of one PMS record', async () => {
    const [one, two] = await w.h.store.db.selectFrom('write_jobs').select(['id', 'x_record_id']).where('status', '=', 'SUCCESS').where('x_record_id', 'is not', null).limit(2).execute();
    await expect(w.h.store.db.updateTable('write_jobs').set({ x_record_id: one!.x_record_id }).where('id', '=', two!.id).execute()).rejects.toThrow(/unique|UNIQUE/);
  });
});
