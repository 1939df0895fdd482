/**
 * Entrata's per-service limits: fixed windows per period, reported as
 * `X-RateLimit-Limit: 1000/DAY;100/HOUR;10/MINUTE`, `X-RateLimit-Remaining` in the same form and
 * `X-RateLimit-Reset` as seconds until each window resets, in the same order (reference §1.7).
 */

const PERIOD_SECONDS = { SECOND: 1, MINUTE: 60, HOUR: 3600, DAY: 86400 } as const;
export type Period = keyof typeof PERIOD_SECONDS;

export interface RateWindow {
  limit: number;
  period: Period;
}

/** Service name (or `*` for every service without its own entry) → windows, e.g. `"5/MINUTE"`. */
export type RateLimitConfig = Record<string, string>;

/** High enough that tests and a full sync of the large dataset never meet them. */
export const DEFAULT_RATE_LIMIT = '10000000/DAY;1000000/HOUR;100000/MINUTE';

export function parseWindows(spec: string): RateWindow[] {
  const windows = spec
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((part) => {
      const m = /^(\d+)\s*\/\s*([a-zA-Z]+)$/.exec(part);
      const period = m?.[2]?.toUpperCase();
      if (!m || !period || !(period in PERIOD_SECONDS)) {
        throw new Error(`Invalid rate-limit window "${part}": expected <count>/<SECOND|MINUTE|HOUR|DAY>.`);
      }
      const limit = Number(m[1]);
      if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`Invalid rate-limit count in "${part}".`);
      return { limit, period: period as Period };
    });
  if (windows.length === 0) throw new Error(`Rate limit "${spec}" names no window.`);
  return windows;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Seconds until the exhausted window(s) reset, when refused. */
  retryAfter: number;
}

interface Bucket {
  windows: RateWindow[];
  used: number[];
  windowStart: number[];
}

export class RateLimiter {
  private config: RateLimitConfig = {};
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    config: RateLimitConfig,
    private readonly now: () => number,
  ) {
    this.configure(config);
  }

  /** Replaces the per-service configuration and starts every window afresh. */
  configure(config: RateLimitConfig): void {
    for (const [service, spec] of Object.entries(config)) {
      try {
        parseWindows(spec);
      } catch (e) {
        throw new Error(`rate limit for "${service}": ${(e as Error).message}`);
      }
    }
    this.config = { ...config };
    this.buckets.clear();
  }

  current(): RateLimitConfig {
    return { '*': this.config['*'] ?? DEFAULT_RATE_LIMIT, ...this.config };
  }

  resetCounters(): void {
    this.buckets.clear();
  }

  /** Counts one request against `service` when `consume`, and reports the windows either way. */
  check(service: string, consume: boolean): RateDecision {
    const bucket = this.bucket(service);
    const nowMs = this.now();
    const resets: number[] = [];
    for (let i = 0; i < bucket.windows.length; i++) {
      const w = bucket.windows[i];
      if (!w) continue;
      const periodMs = PERIOD_SECONDS[w.period] * 1000;
      const start = Math.floor(nowMs / periodMs) * periodMs;
      if (bucket.windowStart[i] !== start) {
        bucket.windowStart[i] = start;
        bucket.used[i] = 0;
      }
      resets.push(Math.max(1, Math.ceil((start + periodMs - nowMs) / 1000)));
    }
    const exhausted = bucket.windows
      .map((w, i) => ((bucket.used[i] ?? 0) >= w.limit ? (resets[i] ?? 1) : 0))
      .filter((r) => r > 0);
    const allowed = exhausted.length === 0;
    if (allowed && consume) for (let i = 0; i < bucket.used.length; i++) bucket.used[i] = (bucket.used[i] ?? 0) + 1;
    const headers = {
      'X-RateLimit-Limit': bucket.windows.map((w) => `${w.limit}/${w.period}`).join(';'),
      'X-RateLimit-Remaining': bucket.windows
        .map((w, i) => `${Math.max(0, w.limit - (bucket.used[i] ?? 0))}/${w.period}`)
        .join(';'),
      'X-RateLimit-Reset': resets.join(';'),
    };
    return { allowed, headers, retryAfter: allowed ? 0 : Math.max(...exhausted) };
  }

  private bucket(service: string): Bucket {
    let bucket = this.buckets.get(service);
    if (!bucket) {
      const windows = parseWindows(this.config[service] ?? this.config['*'] ?? DEFAULT_RATE_LIMIT);
      bucket = { windows, used: windows.map(() => 0), windowStart: windows.map(() => -1) };
      this.buckets.set(service, bucket);
    }
    return bucket;
  }
}
