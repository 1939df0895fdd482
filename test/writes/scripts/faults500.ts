/**
 * The full fault run: N writes (default 500) under the sandbox faults of faultBatch.ts,
 * in the storage mode of TEST_DATABASE_URL. Prints the counts as JSON; exits 1 on any duplicate,
 * missing event or job that did not succeed.
 *
 *   npx tsx test/writes/scripts/faults500.ts [N]
 *   TEST_DATABASE_URL=postgres://… npx tsx test/writes/scripts/faults500.ts [N]
 */
import { storageMode } from '../../support/store.ts';
import { runFaultBatch } from '../faultBatch.ts';
import { createWriteHarness } from '../writeHarness.ts';

const n = Number(process.argv[2] ?? 500);
const w = await createWriteHarness({ worker: { concurrency: 8 } });
try {
  const r = await runFaultBatch(w, n, { applications: 100, settleTimeoutMs: 600_000 });
  console.log(JSON.stringify({ storage: storageMode, ...r }, null, 2));
  const ok = r.statuses.SUCCESS === n && r.newEvents === n && r.mismatched.length === 0 && r.duplicates.length === 0;
  process.exitCode = ok ? 0 : 1;
} finally {
  await w.close();
}
