import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * The outbound pace every worker process shares per (integration, service), whatever the PMS:
 * each connector turns its PMS's limits (Entrata's rate headers, Buildium's fixed per-second
 * budget) into a pace and reports it here; calls wait for their slot with acquire().
 */

/** Seconds from `Retry-After` (delta-seconds or HTTP date). */
export function retryAfterMs(headers: { get(name: string): string | null }, now = Date.now()): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Grants call slots per (integration, service); shared across processes where the store allows. */
export interface OutboundLimiter {
  /** Resolves when a call may start. */
  acquire(key: LimiterKey): Promise<void>;
  /** Learns from a response's headers (or a 429's Retry-After). */
  report(key: LimiterKey, pace: { intervalMs: number; blockedUntil: number }): Promise<void>;
}

export interface LimiterKey {
  integrationId: string;
  service: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One process (SQLite mode, tests): state in memory. */
export class MemoryLimiter implements OutboundLimiter {
  private readonly state = new Map<string, { nextAt: number; intervalMs: number; blockedUntil: number }>();

  async acquire(key: LimiterKey): Promise<void> {
    const k = `${key.integrationId}|${key.service}`;
    const s = this.state.get(k);
    if (!s) return;
    const now = Date.now();
    const slot = Math.max(now, s.nextAt, s.blockedUntil);
    s.nextAt = slot + s.intervalMs;
    if (slot > now) await sleep(slot - now);
  }

  async report(key: LimiterKey, pace: { intervalMs: number; blockedUntil: number }): Promise<void> {
    const k = `${key.integrationId}|${key.service}`;
    const s = this.state.get(k) ?? { nextAt: 0, intervalMs: 0, blockedUntil: 0 };
    s.intervalMs = pace.intervalMs;
    s.blockedUntil = Math.max(s.blockedUntil, pace.blockedUntil);
    this.state.set(k, s);
  }
}

export interface OutboundLimitsDb {
  outbound_limits: { integration_id: string; service: string; next_at: number; interval_ms: number; blocked_until: number };
}

/**
 * PostgreSQL mode: one row per (integration, service) holds the pace of every worker process.
 * While the pace is free (no spacing, not blocked) — nearly always — a call costs no query: each
 * limiter remembers the row for `freshMs` (default 1 s), so a pace another process set (a 429,
 * windows running low) reaches it within that time. Once there is a pace, each call takes its
 * slot with one atomic UPDATE … RETURNING, so all processes together keep it. A report that
 * changes nothing (free before, free now) writes nothing.
 */
export class DbLimiter implements OutboundLimiter {
  private readonly known = new Map<string, { intervalMs: number; blockedUntil: number; at: number }>();
  private readonly freshMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<OutboundLimitsDb>,
    options: { freshMs?: number; now?: () => number } = {},
  ) {
    this.freshMs = options.freshMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** The pace this limiter last saw for `key` says calls may go now, and it is recent enough to trust. */
  private knownFree(k: string, now: number): boolean {
    const s = this.known.get(k);
    return s !== undefined && now - s.at < this.freshMs && s.intervalMs === 0 && s.blockedUntil <= now;
  }

  async acquire(key: LimiterKey): Promise<void> {
    const k = `${key.integrationId}|${key.service}`;
    const now = this.now();
    if (this.knownFree(k, now)) return;
    const row = await sql<{ slot: string | number; interval_ms: string | number; blocked_until: string | number }>`
      UPDATE outbound_limits
         SET next_at = GREATEST(next_at, blocked_until, ${now}) + interval_ms
       WHERE integration_id = ${key.integrationId} AND service = ${key.service}
       RETURNING GREATEST(next_at - interval_ms, blocked_until) AS slot, interval_ms, blocked_until`.execute(this.db);
    const r = row.rows[0];
    this.known.set(k, { intervalMs: Number(r?.interval_ms ?? 0), blockedUntil: Number(r?.blocked_until ?? 0), at: now });
    const slot = Number(r?.slot ?? 0);
    if (slot > now) await sleep(slot - now);
  }

  async report(key: LimiterKey, pace: { intervalMs: number; blockedUntil: number }): Promise<void> {
    const k = `${key.integrationId}|${key.service}`;
    const now = this.now();
    if (pace.intervalMs === 0 && pace.blockedUntil <= now && this.knownFree(k, now)) return;
    const row = await this.db
      .insertInto('outbound_limits')
      .values({ integration_id: key.integrationId, service: key.service, next_at: 0, interval_ms: pace.intervalMs, blocked_until: pace.blockedUntil })
      .onConflict((oc) =>
        oc.columns(['integration_id', 'service']).doUpdateSet({
          interval_ms: pace.intervalMs,
          blocked_until: sql<number>`GREATEST(outbound_limits.blocked_until, ${pace.blockedUntil})`,
        }),
      )
      .returning(['interval_ms', 'blocked_until'])
      .executeTakeFirst();
    this.known.set(k, { intervalMs: Number(row?.interval_ms ?? pace.intervalMs), blockedUntil: Number(row?.blocked_until ?? pace.blockedUntil), at: now });
  }
}

const sharedLimiters = new WeakMap<object, OutboundLimiter>();

/**
 * The outbound limiter every sync session and every write of this process uses for a store: in
 * memory with SQLite (one process), in the database with PostgreSQL, so the per-integration pace
 * holds across all API and worker processes. Keyed by the store's dialect adapter, which its
 * transactions share; pass the store's own Kysely instance, not a transaction.
 */
export function sharedLimiter(db: Kysely<never>): OutboundLimiter {
  const adapter = db.getExecutor().adapter;
  let limiter = sharedLimiters.get(adapter);
  if (!limiter) {
    limiter = adapter instanceof SqliteAdapter ? new MemoryLimiter() : new DbLimiter(db as unknown as Kysely<OutboundLimitsDb>);
    if (db.isTransaction) return limiter;
    sharedLimiters.set(adapter, limiter);
  }
  return limiter;
}

