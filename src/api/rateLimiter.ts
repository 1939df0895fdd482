/**
 * A fixed-window request budget per caller (an API key's hash, or an address for requests without
 * a key), like Propexo's per-key limit. RateLimiter keeps it in the process's memory (the one API
 * process of embedded mode); SharedRateLimiter (sharedRateLimiter.ts) shares it between the API
 * processes of a PostgreSQL deployment.
 */
export interface RateBudget {
  readonly limit: number;
  /** Counts a request of `caller` and says whether it is within the budget. */
  take(caller: string, now?: number): RateDecision;
  /** Shares the counts with the other API processes now (a shared budget does it every 200 ms anyway). */
  sync?(): Promise<void>;
  /** Stops what the budget runs in the background. */
  close?(): Promise<void>;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window (0 once the budget is spent). */
  remaining: number;
  /** Whole seconds until the window resets (at least 1). */
  resetSeconds: number;
}

interface Window {
  count: number;
  resetAt: number;
}

/** A budget's limit, checked: a positive integer. */
export function checkedLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate limit must be a positive integer, got ${limit}`);
  return limit;
}

/** The decision for the `count`-th request of a window that resets at `resetAt`. */
export function decision(limit: number, count: number, resetAt: number, now: number): RateDecision {
  const allowed = count <= limit;
  return { allowed, limit, remaining: allowed ? limit - count : 0, resetSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)) };
}

export class RateLimiter implements RateBudget {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    /** Callers remembered at once; expired windows are swept when this many are held. */
    private readonly maxCallers = 50_000,
  ) {
    checkedLimit(limit);
  }

  take(caller: string, now: number = Date.now()): RateDecision {
    let w = this.windows.get(caller);
    if (!w || w.resetAt <= now) {
      if (!w && this.windows.size >= this.maxCallers) this.sweep(now);
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(caller, w);
    }
    w.count++;
    return decision(this.limit, w.count, w.resetAt, now);
  }

  /** Drops expired windows; if every caller is still live, forgets them all rather than grow. */
  private sweep(now: number): void {
    if (now < this.nextSweep) {
      this.windows.clear();
      return;
    }
    for (const [caller, w] of this.windows) if (w.resetAt <= now) this.windows.delete(caller);
    if (this.windows.size >= this.maxCallers) this.windows.clear();
    this.nextSweep = now + this.windowMs / 10;
  }

  get callers(): number {
    return this.windows.size;
  }
}
