import type SQLite from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

/** Writes a batch of units in the given transaction and answers one result per unit, in order. */
export type CommitBatch<U, R> = (trx: Transaction<Database>, units: U[]) => Promise<R[]>;

/**
 * SQLite: the same, synchronously, on the store's raw connection inside a transaction the batcher
 * opened on it.
 */
export interface SyncCommit<U, R> {
  sqlite: SQLite.Database;
  commit: (units: U[]) => R[];
}

interface Pending<U, R> {
  unit: U;
  resolve(value: R): void;
  reject(err: unknown): void;
}

/**
 * Group commit for accepted writes: the units that arrive while a commit is in flight share the
 * next transaction, so a burst of POSTs pays for one commit (an fsync on PostgreSQL) instead of
 * one each, and the batch's rows go in together (multi-row statements). Each unit still commits
 * atomically: when a shared transaction fails (e.g. one unit's Idempotency-Key collides), every
 * unit of it is written again in a transaction of its own, so one bad unit never fails the others.
 *
 * A flush first lets the event loop turn once: requests being validated at that moment (their
 * reads resolve within the same turn) join the batch instead of each committing alone, which is
 * what happens on SQLite, where every step is a microtask and no commit waits on I/O long enough
 * for others to queue. The cost is one turn of latency for a lone write.
 *
 * On SQLite (`sync` given) a batch runs from BEGIN to COMMIT in that one turn, on the raw
 * connection, unless a transaction of someone else's (a worker's, a sync's) is open on it: then it
 * waits its turn through Kysely as on PostgreSQL. Nothing else can interleave with a synchronous
 * batch, so the store's reads never meet an open write transaction (they stay on the main
 * connection and its warm page cache, see store/db.ts) and Kysely's connection lock is not taken.
 */
export class CommitBatcher<U, R> {
  private pending: Array<Pending<U, R>> = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly commit: CommitBatch<U, R>,
    private readonly maxBatch = 64,
    private readonly sync?: SyncCommit<U, R>,
  ) {}

  run(unit: U): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ unit, resolve, reject });
      if (!this.scheduled && this.inFlight === 0) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.startBatches();
        });
      }
    });
  }

  /** Starts a transaction for what is pending, unless one is committing (it starts the next one). */
  private startBatches(): void {
    const sync = this.sync;
    if (sync && this.inFlight === 0) {
      while (this.pending.length > 0 && !sync.sqlite.inTransaction) this.synchronously(sync, this.pending.splice(0, this.maxBatch));
    }
    if (this.pending.length > 0 && this.inFlight === 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.inFlight++;
      void (batch.length === 1 ? this.alone(batch[0]!) : this.together(batch)).finally(() => {
        this.inFlight--;
        // What arrived while this batch committed goes next, together.
        this.startBatches();
      });
    }
  }

  private async together(batch: Array<Pending<U, R>>): Promise<void> {
    let results: R[];
    try {
      results = await this.db.transaction().execute((trx) => this.written(trx, batch));
    } catch {
      for (const p of batch) await this.alone(p);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]!));
  }

  /** A batch in one synchronous transaction; when it fails, each unit in a transaction of its own. */
  private synchronously(sync: SyncCommit<U, R>, batch: Array<Pending<U, R>>): void {
    const write = sync.sqlite.transaction((units: U[]) => {
      const results = sync.commit(units);
      if (results.length !== units.length) throw new Error(`a batch commit answered ${results.length} results for ${units.length} units`);
      return results;
    });
    if (batch.length > 1) {
      try {
        const results = write(batch.map((p) => p.unit));
        batch.forEach((p, i) => p.resolve(results[i]!));
        return;
      } catch {
        // one unit failed the batch: each goes alone below
      }
    }
    for (const p of batch) {
      try {
        p.resolve(write([p.unit])[0]!);
      } catch (err) {
        p.reject(err);
      }
    }
  }

  private async alone(p: Pending<U, R>): Promise<void> {
    try {
      const [result] = await this.db.transaction().execute((trx) => this.written(trx, [p]));
      p.resolve(result!);
    } catch (err) {
      p.reject(err);
    }
  }

  private async written(trx: Transaction<Database>, batch: Array<Pending<U, R>>): Promise<R[]> {
    const results = await this.commit(
      trx,
      batch.map((p) => p.unit),
    );
    if (results.length !== batch.length) throw new Error(`a batch commit answered ${results.length} results for ${batch.length} units`);
    return results;
  }
}
