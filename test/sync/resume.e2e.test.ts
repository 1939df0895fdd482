import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/engine.ts';
import { getRun, progressOf } from '../../src/sync/runs.ts';
import { countOf, createSyncHarness, snapshot, type SyncHarness } from './harness.ts';
import { modelNames } from '../../src/store/models.ts';

// Kill -9 a syncing process after some committed batches, start again, and get a clean run's store.
const child = fileURLToPath(new URL('./syncChild.ts', import.meta.url));
/** Small dataset: about 40 batches; after this many the run is in its leads/applicants/events part. */
const KILL_AFTER = 26;

let h: SyncHarness;
let clean: SyncHarness;
beforeAll(async () => {
  // Latency on every call keeps the child mid-run long enough to be killed there.
  h = await createSyncHarness({ faults: { '*': [{ kind: 'latency', ms: 40, rate: 1 }] } });
  clean = await createSyncHarness();
});
afterAll(async () => {
  await h?.close();
  await clean?.close();
});

function runChildUntilKilled(): Promise<{ runId: string; batches: number }> {
  const env = {
    ...process.env,
    LW_DATABASE_URL: h.store.databaseUrl ?? '',
    LW_SQLITE_PATH: h.store.sqlitePath ?? '',
    LW_PG_SCHEMA: h.store.pgSchema ?? '',
    LW_SECRET_KEY: h.secretKey.toString('hex'),
    LW_INTEGRATION_ID: h.integration.id,
  };
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    let seen: { runId: string; batches: number } | null = null;
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (const m of buf.matchAll(/^batch (\d+) (\S+)$/gm)) seen = { batches: Number(m[1]), runId: m[2]! };
      if (/^done/m.test(buf)) reject(new Error(`the child finished before it was killed: ${buf.slice(-200)}`));
      if (seen && seen.batches >= KILL_AFTER && p.exitCode === null) p.kill('SIGKILL');
    });
    p.on('exit', (_code, signal) => (signal === 'SIGKILL' && seen ? resolve(seen) : reject(new Error(`child exited without being killed (${signal}): ${buf.slice(-300)}`))));
  });
}

describe('a sync killed mid-run', () => {
  it('resumes from its checkpoint and ends with the same store as a clean run', async () => {
    const killed = await runChildUntilKilled();
    const dead = (await getRun(h.store.db, killed.runId))!;
    expect(dead.state).toBe('running');
    const before = progressOf(dead);
    const committedBefore = Object.values(before).reduce((n, m) => n + m.new, 0);
    expect(committedBefore).toBeGreaterThan(0);
    const unfinished = modelNames.filter((m) => before[m]?.state !== 'done');
    expect(unfinished.length).toBeGreaterThan(0);
    expect(unfinished).toContain('events');

    // A lease this short makes the dead process's run immediately claimable.
    await new Promise((r) => setTimeout(r, 50));
    const resumed = await runSync(h.deps, h.integration.id, { leaseMs: 20 });
    expect(resumed.error).toBeNull();
    expect(resumed.id).toBe(killed.runId);
    expect(resumed.state).toBe('succeeded');

    // Had it started over, what the dead process committed would now count as unchanged.
    const after = progressOf(resumed);
    for (const m of modelNames) {
      expect(after[m]?.unchanged, m).toBe(0);
      expect(after[m]?.new, m).toBe(await countOf(h, m));
      // Models finished before the kill kept their counts: they were not synced again.
      if (before[m]?.state === 'done') expect(after[m], m).toEqual(before[m]);
    }
    expect(await h.store.db.selectFrom('sync_runs').select('id').execute()).toHaveLength(1);

    const reference = await runSync(clean.deps, clean.integration.id);
    expect(reference.state).toBe('succeeded');
    expect(await snapshot(h)).toEqual(await snapshot(clean));
  }, 120_000);
});
