import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

/** Writes a batch of units in the given transaction and answers one result per unit, in order. */
export type CommitBatch<U, R> = (trx: Transaction<Database>, units: U[]) => Promise<R[]>;

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
 */
export class CommitBatcher<U, R> {
  private pending: Array<Pending<U, R>> = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly commit: CommitBatch<U, R>,
    private readonly maxBatch = 64,
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
