/**
 * Entrata reports its per-service windows as `X-RateLimit-Limit: 15000/DAY;1000/HOUR;150/MINUTE`,
 * `X-RateLimit-Remaining` in the same form and `X-RateLimit-Reset` as seconds per window
 * (reference §1.7). The outbound limiter turns that into a pace shared by every worker process.
 */
export interface RateWindowState {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export function parseRateHeaders(headers: { get(name: string): string | null }): RateWindowState[] {
  const limit = headers.get('x-ratelimit-limit');
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset');
  if (!limit || !remaining) return [];
  const counts = (s: string): number[] => s.split(';').map((p) => Number(p.trim().split('/')[0]));
  const l = counts(limit);
  const r = counts(remaining);
  // A window without a reset (no header, or fewer parts) is taken as a minute.
  const z = (reset ?? '').split(';').map((p) => (p.trim() === '' ? NaN : Number(p.trim())));
  const out: RateWindowState[] = [];
  l.forEach((lim, i) => {
    const rem = r[i];
    if (Number.isFinite(lim) && rem !== undefined && Number.isFinite(rem)) out.push({ limit: lim, remaining: rem, resetSeconds: Number.isFinite(z[i]) ? (z[i] ?? 60) : 60 });
  });
  return out;
}

/**
 * How far apart calls must be, and until when none may go, after a response. Calls run freely
 * while more than a fifth of every window is left; below that they are spread evenly over what
 * remains of the tightest window, so all processes together land inside it.
 */
export function paceFrom(windows: RateWindowState[], now: number): { intervalMs: number; blockedUntil: number } {
  let intervalMs = 0;
  let blockedUntil = 0;
  for (const w of windows) {
    if (w.remaining <= 0) blockedUntil = Math.max(blockedUntil, now + w.resetSeconds * 1000);
    else if (w.remaining < w.limit / 5) intervalMs = Math.max(intervalMs, (w.resetSeconds * 1000) / w.remaining);
  }
  return { intervalMs: Math.round(intervalMs), blockedUntil };
}

export { retryAfterMs, MemoryLimiter, DbLimiter, sharedLimiter } from '../shared/outboundLimiter.ts';
export type { OutboundLimiter, LimiterKey, OutboundLimitsDb } from '../shared/outboundLimiter.ts';
