import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { checkedLimit, decision, type RateBudget, type RateDecision } from './rateLimiter.ts';

interface Caller {
  /** Start of the window this count is for (aligned: a multiple of windowMs). */
  windowStart: number;
  /** The callers' requests in this window across all API processes, as of the last sync. */
  known: number;
  /** This process's requests since the last sync. */
  unflushed: number;
}

export interface SharedRateLimiterOptions {
  windowMs?: number;
  /** How often the process adds its counts to the database and learns the others'. */
  syncMs?: number;
  /** Told when a sync fails (the process keeps counting on its own meanwhile). */
  onSyncError?: (err: unknown) => void;
}

/** Rows per upsert statement. */
const SYNC_CHUNK = 500;

/**
 * The per-key budget for many API processes on one PostgreSQL database. Each request is counted
 * in memory, so the hot path never waits for the database; every syncMs the process adds its new
 * counts to api_rate_windows (one upsert for every caller seen in the window) and reads back each
 * caller's total over all processes. Windows are aligned to the clock, so the processes agree on
 * them without talking. The budget holds across processes to within what they admit between two
 * syncs (a burst spread over N processes in less than syncMs may pass the limit by up to N - 1
 * times what was left of it). A failed sync is reported and retried; meanwhile each process
 * still enforces the budget on what it has seen.
 */
export class SharedRateLimiter implements RateBudget {
  private readonly callers = new Map<string, Caller>();
  private readonly windowMs: number;
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> | undefined;
  private lastCleanup = 0;
  private failing = false;
  private lastReport = 0;

  constructor(
    private readonly db: Kysely<Database>,
    readonly limit: number,
    private readonly options: SharedRateLimiterOptions = {},
  ) {
    checkedLimit(limit);
    this.windowMs = options.windowMs ?? 60_000;
    this.timer = setInterval(() => void this.sync(), options.syncMs ?? 200).unref();
  }

  take(caller: string, now: number = Date.now()): RateDecision {
    const windowStart = now - (now % this.windowMs);
    let c = this.callers.get(caller);
    if (!c || c.windowStart !== windowStart) {
      c = { windowStart, known: 0, unflushed: 0 };
      this.callers.set(caller, c);
    }
    c.unflushed++;
    return decision(this.limit, c.known + c.unflushed, windowStart + this.windowMs, now);
  }

  /** Adds this process's counts to the shared ones and learns the totals (one sync at a time). */
  sync(now: number = Date.now()): Promise<void> {
    if (this.syncing) return this.syncing;
    const run = this.syncOnce(now).then(
      () => {
        this.failing = false;
      },
      (err: unknown) => {
        // The first failure of a run of them is reported, then one a minute.
        if (!this.failing || now - this.lastReport >= 60_000) {
          this.lastReport = now;
          this.options.onSyncError?.(err);
        }
        this.failing = true;
      },
    );
    this.syncing = run.finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async syncOnce(now: number): Promise<void> {
    const windowStart = now - (now % this.windowMs);
    const sent = new Map<string, number>();
    for (const [caller, c] of this.callers) {
      if (c.windowStart !== windowStart) this.callers.delete(caller);
      else sent.set(caller, c.unflushed);
    }
    const rows = [...sent].map(([caller, count]) => ({ caller, window_start: windowStart, count }));
    for (let i = 0; i < rows.length; i += SYNC_CHUNK) {
      const totals = await this.db
        .insertInto('api_rate_windows')
        .values(rows.slice(i, i + SYNC_CHUNK))
        .onConflict((oc) => oc.columns(['caller', 'window_start']).doUpdateSet((eb) => ({ count: eb('api_rate_windows.count', '+', eb.ref('excluded.count')) })))
        .returning(['caller', 'count'])
        .execute();
      for (const { caller, count } of totals) {
        const c = this.callers.get(caller);
        if (!c || c.windowStart !== windowStart) continue;
        c.unflushed -= sent.get(caller) ?? 0;
        c.known = Number(count);
      }
    }
    if (now - this.lastCleanup >= this.windowMs) {
      this.lastCleanup = now;
      await this.db.deleteFrom('api_rate_windows').where('window_start', '<', windowStart - this.windowMs).execute();
    }
  }

  /** Stops syncing, after a last sync of what was counted. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sync();
  }
}
