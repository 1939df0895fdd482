import { createQueue } from '../../src/jobs/index.ts';
import type { JobQueue } from '../../src/jobs/queue.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { openStore, type Store } from '../../src/store/db.ts';

/**
 * What a worker process of a crash test opens: the test's store (LW_SQLITE_PATH, or LW_DATABASE_URL
 * + LW_PG_SCHEMA), its sealer (LW_SECRET_KEY) and a queue with a short lock timeout, so the next
 * worker takes over a killed one's jobs within a second or two.
 */
export function childWorkerParts(): { store: Store; sealer: Sealer; queue: JobQueue } {
  const store = openStore({
    databaseUrl: process.env.LW_DATABASE_URL || undefined,
    sqlitePath: process.env.LW_SQLITE_PATH,
    ...(process.env.LW_PG_SCHEMA ? { pgSchema: process.env.LW_PG_SCHEMA } : {}),
  });
  const sealer = new Sealer(Buffer.from(process.env.LW_SECRET_KEY ?? '', 'hex'));
  const queue = createQueue(store, { databaseUrl: process.env.LW_DATABASE_URL, lockTimeoutMs: 1500, pollIntervalMs: 100, backoff: { baseMs: 20, maxMs: 200 } });
  return { store, sealer, queue };
}
