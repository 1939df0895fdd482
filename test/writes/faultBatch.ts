import type { WriteHarness } from './writeHarness.ts';

/**
 * Sandbox faults for the exactly-once test: ≈ 20 % transient errors on writes and reads, a
 * commit-then-drop on every 9th write (Entrata stored it, we never hear back), a 502 whose outcome
 * is unknown, and 429s.
 */
export const writeFaults = {
  'leads/updateLeads': [
    { kind: 'drop', every: 9 },
    { kind: 'throttle', retryAfter: 1, every: 13 },
    { kind: 'http', status: 502, rate: 0.05 },
    { kind: 'envelope', code: 500, rate: 0.15 },
  ],
  'leads/getLeadEvents': [
    { kind: 'envelope', code: 310, rate: 0.1 },
    { kind: 'http', status: 503, rate: 0.1 },
    { kind: 'throttle', retryAfter: 1, every: 17 },
  ],
};

export interface FaultBatchResult {
  writes: number;
  applications: number;
  statuses: Record<string, number>;
  withCreatedRecord: number;
  newEvents: number;
  /** Applications whose new-event count differs from the writes sent to them. */
  mismatched: Array<{ applicationId: string; wrote: number; found: number }>;
  /** Notes that appear on more than one new event. */
  duplicates: string[];
  fired: Record<string, number>;
  acceptMs: number;
  settleMs: number;
}

/** Posts `n` writes spread over the leads of every property, under faults, and counts what the sandbox holds. */
export async function runFaultBatch(w: WriteHarness, n: number, options: { applications?: number; settleTimeoutMs?: number } = {}): Promise<FaultBatchResult> {
  const leads = (await w.rows('leads')).filter((l) => typeof l.internal.application_id === 'string').slice(0, options.applications ?? 30);
  const types = new Map<string, string>();
  for (const p of new Set(leads.map((l) => l.x_property_id!))) types.set(p, (await w.pick('event_types', p, '8')).id);
  await w.setFaults(writeFaults);
  const started = Date.now();
  const wrote = new Map<string, number>();
  const jobs: string[] = [];
  for (let i = 0; i < n; i++) {
    const lead = leads[i % leads.length]!;
    const app = String(lead.internal.application_id);
    wrote.set(app, (wrote.get(app) ?? 0) + 1);
    const at = new Date(Date.UTC(2025, i % 12, 1 + (i % 28), 15, i % 60, 0)).toISOString();
    const res = await w.post('/v1/events/leads/entrata/', {
      integration_id: w.integrationId,
      lead_id: lead.id,
      event_type_id: types.get(lead.x_property_id!)!,
      event_datetime: at,
      notes: `fault batch ${i}`,
    });
    if (res.statusCode !== 200) throw new Error(`write ${i} was refused: ${res.body}`);
    jobs.push((res.json() as { meta: { job_id: string } }).meta.job_id);
  }
  const acceptMs = Date.now() - started;
  const statuses: Record<string, number> = {};
  let withCreatedRecord = 0;
  for (const id of jobs) {
    const s = await w.settle(id, options.settleTimeoutMs ?? 120_000);
    statuses[s.write_status] = (statuses[s.write_status] ?? 0) + 1;
    if (s.created_record_id) withCreatedRecord++;
  }
  const settleMs = Date.now() - started;
  const snap = (await (await fetch(`${w.h.sandbox.url}/__sandbox/faults`)).json()) as { faults: Record<string, Array<{ kind: string }>>; counters: Record<string, Array<{ fired: number }>> };
  const fired: Record<string, number> = {};
  for (const [key, rules] of Object.entries(snap.faults)) rules.forEach((r, i) => (fired[`${key} ${r.kind}`] = snap.counters[key]?.[i]?.fired ?? 0));
  await w.setFaults({});

  const mismatched: FaultBatchResult['mismatched'] = [];
  const notes = new Map<string, number>();
  let newEvents = 0;
  for (const [app, count] of wrote) {
    const events = (await w.sandboxEvents(`applicationId=${app}&origin=api`)).filter((e) => e.comments?.startsWith('fault batch '));
    newEvents += events.length;
    if (events.length !== count) mismatched.push({ applicationId: app, wrote: count, found: events.length });
    for (const e of events) notes.set(e.comments!, (notes.get(e.comments!) ?? 0) + 1);
  }
  const duplicates = [...notes].filter(([, c]) => c > 1).map(([k]) => k);
  return { writes: n, applications: wrote.size, statuses, withCreatedRecord, newEvents, mismatched, duplicates, fired, acceptMs, settleMs };
}
