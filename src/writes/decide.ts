import type { WriteOutcome } from '../connectors/connector.ts';

/** What the worker does with an attempt's outcome; each branch carries a one-line reason. */
export type WriteDecision =
  | { action: 'succeed'; reason: string }
  | {
      action: 'retry';
      reason: string;
      /**
       * Set when the PMS said when to come back (HTTP 429/503 Retry-After): the next attempt waits
       * this long instead of the queue's exponential backoff.
       */
      delayMs?: number;
    }
  | { action: 'fail'; reason: string };

/** Longest wait a Retry-After gets: beyond it the attempt budget, not the PMS, decides (a daily window can say hours). */
export const RETRY_AFTER_CAP_MS = 5 * 60_000;
/** Up to this fraction is added to a Retry-After, so writes throttled together do not come back together. */
export const RETRY_AFTER_JITTER = 0.1;

/**
 * The delay before the next attempt when the PMS sent Retry-After: never less than it asked
 * (capped at RETRY_AFTER_CAP_MS), plus up to 10 % so a burst of throttled writes spreads out.
 */
export function retryAfterDelay(retryAfterMs: number, random: () => number = Math.random): number {
  const asked = Math.min(RETRY_AFTER_CAP_MS, Math.max(0, Number.isFinite(retryAfterMs) ? retryAfterMs : RETRY_AFTER_CAP_MS));
  return Math.ceil(asked * (1 + RETRY_AFTER_JITTER * Math.min(1, Math.max(0, random()))));
}

export function decide(outcome: WriteOutcome, attempt: number, maxAttempts: number, random: () => number = Math.random): WriteDecision {
  if (outcome.status === 'succeeded') {
    return { action: 'succeed', reason: outcome.xRecordId ? `the PMS created record ${outcome.xRecordId}` : 'the PMS accepted the write; the record arrives with the next sync' };
  }
  if (outcome.kind === 'permanent') return { action: 'fail', reason: outcome.message };
  if (attempt >= maxAttempts) return { action: 'fail', reason: `gave up after ${attempt} attempts: ${outcome.message}` };
  const reason = `attempt ${attempt} of ${maxAttempts} hit a transient error: ${outcome.message}`;
  if (outcome.retryAfterMs === undefined) return { action: 'retry', reason };
  const delayMs = retryAfterDelay(outcome.retryAfterMs, random);
  return { action: 'retry', reason: `${reason}; next attempt in ${(delayMs / 1000).toFixed(1)} s, as its Retry-After asked`, delayMs };
}
