import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;
interface Pending {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Group commit for accepted writes: the units of work that arrive while a commit is in flight
 * share the next transaction, so a burst of POSTs pays for one commit (an fsync on PostgreSQL)
 * instead of one each. Each unit still commits atomically: when a shared transaction fails (e.g.
 * one unit's Idempotency-Key collides), every unit of it is run again in a transaction of its own,
 * so one bad unit never fails the others.
 *
 * A flush first lets the event loop turn once: requests being validated at that moment (their
 * reads resolve within the same turn) join the batch instead of each committing alone, which is
 * what happens on SQLite, where every step is a microtask and no commit waits on I/O long enough
 * for others to queue. The cost is one turn of latency for a lone write.
 */
export class CommitBatcher {
  private pending: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 64,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        if (batch.length === 1) await this.alone(batch[0]!);
        else await this.together(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async together(batch: Pending[]): Promise<void> {
    let results: unknown[];
    try {
      results = await this.db.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        for (const p of batch) out.push(await p.work(trx));
        return out;
      });
    } catch {
      for (const p of batch) await this.alone(p);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  }

  private async alone(p: Pending): Promise<void> {
    try {
      p.resolve(await this.db.transaction().execute((trx) => p.work(trx)));
    } catch (err) {
      p.reject(err);
    }
  }
}
