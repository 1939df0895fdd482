import { backoffDelay, type BackoffOptions } from '../jobs/queue.ts';

/**
 * When a delivery counts as done, is tried again, or is given up. Propexo documents no re-delivery
 * policy (§8.2), so this is Leasewire's: a 2xx is success; no answer, a timeout, 408, 429 and 5xx
 * are retried with exponential backoff and jitter (never sooner than a Retry-After); any other
 * answer (a redirect, a 4xx) will not change by itself and fails at once, and so does an address
 * this server refuses to call (LEASEWIRE_PRIVATE_NETWORKS=deny: a `permanent` no answer).
 */
export interface DeliveryPolicy {
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** A Retry-After beyond this is cut to it (a receiver cannot park a delivery for a month). */
  maxRetryAfterMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = {
  // 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: the 10th attempt comes about 3 hours after the first.
  maxAttempts: 10,
  backoff: { baseMs: 30_000, maxMs: 60 * 60_000 },
  maxRetryAfterMs: 24 * 60 * 60_000,
};

export type AttemptOutcome =
  | { kind: 'answer'; status: number; statusText?: string; retryAfter?: string | null; location?: string | null; body?: string }
  | {
      kind: 'no_answer';
      message: string;
      /** Another attempt cannot go better (the address is refused by this server's policy): fail at once. */
      permanent?: boolean;
    };

export type DeliveryDecision =
  | { action: 'succeed' }
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'fail'; reason: string };

/** Retry-After in milliseconds from now (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at) || !/[a-z]/i.test(v)) return null;
  return Math.max(0, at - now);
}

const snippet = (body: string | undefined) => {
  const t = (body ?? '').replace(/\s+/g, ' ').trim();
  return t ? `: ${t.length > 200 ? `${t.slice(0, 200)}…` : t}` : '';
};

/** One line on what went wrong with an attempt (null for a success). */
export function describeOutcome(outcome: AttemptOutcome): string | null {
  if (outcome.kind === 'no_answer') return outcome.message;
  const { status } = outcome;
  if (status >= 200 && status < 300) return null;
  const head = `the receiver answered ${status}${outcome.statusText ? ` ${outcome.statusText}` : ''}`;
  if (status >= 300 && status < 400) {
    return `${head}${outcome.location ? ` to ${outcome.location}` : ''}; deliveries do not follow redirects: set the webhook's url to the final address`;
  }
  return `${head}${snippet(outcome.body)}`;
}

function retryable(outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'no_answer') return outcome.permanent !== true;
  return outcome.status === 408 || outcome.status === 429 || outcome.status >= 500;
}

/** What to do after attempt number `attempt` (1-based) ended with `outcome`. */
export function decideDelivery(outcome: AttemptOutcome, attempt: number, policy: DeliveryPolicy, now: number, random: () => number = Math.random): DeliveryDecision {
  const reason = describeOutcome(outcome);
  if (reason === null) return { action: 'succeed' };
  if (!retryable(outcome)) return { action: 'fail', reason };
  if (attempt >= policy.maxAttempts) return { action: 'fail', reason: `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${reason}` };
  const backoff = backoffDelay(attempt, policy.backoff, random);
  const asked = outcome.kind === 'answer' ? parseRetryAfter(outcome.retryAfter, now) : null;
  const delayMs = asked === null ? backoff : Math.max(backoff, Math.min(asked, policy.maxRetryAfterMs));
  return { action: 'retry', delayMs, reason };
}
