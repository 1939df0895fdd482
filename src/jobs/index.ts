import type { Store } from '../store/db.ts';
import { GraphileQueue } from './graphileQueue.ts';
import type { JobQueue, QueueOptions } from './queue.ts';
import { SqliteQueue } from './sqliteQueue.ts';

export interface QueueSetup extends QueueOptions {
  /** Required with a PostgreSQL store: graphile-worker opens its own connections. */
  databaseUrl?: string | undefined;
  /** graphile-worker's schema; defaults to `<store schema>_worker`, or graphile_worker on the default schema. */
  graphileSchema?: string | undefined;
  /** Jobs this process will run at once: graphile-worker's pool is sized from it. */
  concurrency?: number | undefined;
}

/** The queue that fits the store: embedded on SQLite, graphile-worker on PostgreSQL. */
export function createQueue(store: Store, setup: QueueSetup = {}): JobQueue {
  if (store.dialect === 'sqlite') return new SqliteQueue(store.db, setup);
  if (!setup.databaseUrl) throw new Error('a PostgreSQL store needs its databaseUrl to start graphile-worker');
  return new GraphileQueue(store.db, {
    ...setup,
    connectionString: setup.databaseUrl,
    // One connection for LISTEN, one per running job, one spare. (A process that only enqueues
    // uses the store's connections for add_job; pg opens the pool's connections only on demand.)
    ...(setup.concurrency ? { poolSize: setup.concurrency + 2 } : {}),
    schema: setup.graphileSchema ?? (store.pgSchema ? `${store.pgSchema}_worker` : 'graphile_worker'),
  });
}
