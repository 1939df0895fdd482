import type { Store } from '../store/db.ts';
import { GraphileQueue } from './graphileQueue.ts';
import type { JobQueue, QueueOptions } from './queue.ts';
import { SqliteQueue } from './sqliteQueue.ts';

export interface QueueSetup extends QueueOptions {
  /** Required with a PostgreSQL store: graphile-worker opens its own connections. */
  databaseUrl?: string | undefined;
  /** graphile-worker's schema; defaults to `<store schema>_worker`, or graphile_worker on the default schema. */
  graphileSchema?: string | undefined;
}

/** The queue that fits the store: embedded on SQLite, graphile-worker on PostgreSQL. */
export function createQueue(store: Store, setup: QueueSetup = {}): JobQueue {
  if (store.dialect === 'sqlite') return new SqliteQueue(store.db, setup);
  if (!setup.databaseUrl) throw new Error('a PostgreSQL store needs its databaseUrl to start graphile-worker');
  return new GraphileQueue(store.db, {
    ...setup,
    connectionString: setup.databaseUrl,
    schema: setup.graphileSchema ?? (store.pgSchema ? `${store.pgSchema}_worker` : 'graphile_worker'),
  });
}
