import { Gauge, Registry } from 'prom-client';
import type { Store } from '../store/db.ts';
import { metricsRegistry } from './metrics.ts';

const writeStatuses = ['PENDING', 'SUCCESS', 'PARTIAL_SUCCESS', 'FAILURE'] as const;
const liveSyncStates = ['queued', 'running'] as const;

/**
 * The Prometheus text of this process's metrics plus gauges read from the shared database at
 * scrape time (three grouped counts: cheap, and the same answer from every process).
 */
export async function renderMetrics(store: Store): Promise<{ contentType: string; body: string }> {
  const scrape = new Registry();
  const writeJobs = new Gauge({ name: 'leasewire_write_jobs', help: 'Write jobs in the database by status', labelNames: ['status'] as const, registers: [scrape] });
  const syncRuns = new Gauge({ name: 'leasewire_sync_runs', help: 'Sync runs queued or running, in the database', labelNames: ['state'] as const, registers: [scrape] });
  const syncLag = new Gauge({
    name: 'leasewire_sync_lag_seconds',
    help: 'Seconds since the last successful sync of each active integration (since its creation when it never synced)',
    labelNames: ['integration_id', 'vendor'] as const,
    registers: [scrape],
  });
  const db = store.db;
  const [jobs, runs, integrations] = await Promise.all([
    db.selectFrom('write_jobs').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute(),
    db.selectFrom('sync_runs').select(['state', (eb) => eb.fn.countAll().as('n')]).where('state', 'in', [...liveSyncStates]).groupBy('state').execute(),
    db.selectFrom('integrations').select(['id', 'vendor', 'created_at', 'last_completed_sync']).where('active', '=', 1).where('archived', '=', 0).execute(),
  ]);
  // Every status is reported, zero included, so a series does not vanish when its count drops to 0.
  for (const s of writeStatuses) writeJobs.set({ status: s }, Number(jobs.find((j) => j.status === s)?.n ?? 0));
  for (const s of liveSyncStates) syncRuns.set({ state: s }, Number(runs.find((r) => r.state === s)?.n ?? 0));
  const now = Date.now();
  for (const i of integrations) syncLag.set({ integration_id: i.id, vendor: i.vendor }, Math.max(0, now - Date.parse(i.last_completed_sync ?? i.created_at)) / 1000);
  const merged = Registry.merge([metricsRegistry, scrape]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
