import { describe, expect, it } from 'vitest';
import { decideDelivery, describeOutcome, parseRetryAfter, type DeliveryPolicy } from './policy.ts';

const policy: DeliveryPolicy = { maxAttempts: 5, backoff: { baseMs: 1000, maxMs: 60_000 }, maxRetryAfterMs: 3_600_000 };
const now = Date.parse('2026-03-01T12:00:00Z');
const mid = () => 0.5; // no jitter: 0.75 + 0.5 * 0.5 = 1

describe('decideDelivery', () => {
  it('a 2xx is a success', () => {
    for (const status of [200, 201, 202, 204, 299]) expect(decideDelivery({ kind: 'answer', status }, 1, policy, now)).toEqual({ action: 'succeed' });
  });

  it('no answer, 408, 429 and 5xx are retried with a doubling delay', () => {
    expect(decideDelivery({ kind: 'no_answer', message: 'could not reach the receiver: ECONNREFUSED' }, 1, policy, now, mid)).toEqual({ action: 'retry', delayMs: 1000, reason: 'could not reach the receiver: ECONNREFUSED' });
    expect(decideDelivery({ kind: 'answer', status: 503, statusText: 'Service Unavailable' }, 2, policy, now, mid)).toMatchObject({ action: 'retry', delayMs: 2000, reason: 'the receiver answered 503 Service Unavailable' });
    expect(decideDelivery({ kind: 'answer', status: 429 }, 3, policy, now, mid)).toMatchObject({ action: 'retry', delayMs: 4000 });
    expect(decideDelivery({ kind: 'answer', status: 408 }, 4, policy, now, mid)).toMatchObject({ action: 'retry', delayMs: 8000 });
  });

  it('the delay has ±25 % jitter and a cap', () => {
    const low = decideDelivery({ kind: 'answer', status: 500 }, 1, policy, now, () => 0);
    const high = decideDelivery({ kind: 'answer', status: 500 }, 1, policy, now, () => 0.999999);
    expect(low).toMatchObject({ delayMs: 750 });
    expect(high).toMatchObject({ delayMs: 1250 });
    const late = decideDelivery({ kind: 'answer', status: 500 }, 4, { ...policy, maxAttempts: 100, backoff: { baseMs: 1000, maxMs: 5000 } }, now, mid);
    expect(late).toMatchObject({ delayMs: 5000 });
  });

  it('gives up when the attempts run out, saying why', () => {
    const d = decideDelivery({ kind: 'answer', status: 500, statusText: 'Internal Server Error', body: 'boom' }, 5, policy, now);
    expect(d).toEqual({ action: 'fail', reason: 'gave up after 5 attempts: the receiver answered 500 Internal Server Error: boom' });
  });

  it('other 4xx and redirects fail at once', () => {
    expect(decideDelivery({ kind: 'answer', status: 404, statusText: 'Not Found' }, 1, policy, now)).toEqual({ action: 'fail', reason: 'the receiver answered 404 Not Found' });
    expect(decideDelivery({ kind: 'answer', status: 401, body: '{"error":"bad token"}' }, 1, policy, now)).toEqual({ action: 'fail', reason: 'the receiver answered 401: {"error":"bad token"}' });
    const redirect = decideDelivery({ kind: 'answer', status: 301, location: 'https://new.example.com/hook' }, 1, policy, now);
    expect(redirect).toEqual({ action: 'fail', reason: "the receiver answered 301 to https://new.example.com/hook; deliveries do not follow redirects: set the webhook's url to the final address" });
  });

  it('honours Retry-After when it asks for longer than the backoff, up to the cap', () => {
    expect(decideDelivery({ kind: 'answer', status: 429, retryAfter: '30' }, 1, policy, now, mid)).toMatchObject({ action: 'retry', delayMs: 30_000 });
    // Shorter than the backoff: the backoff wins.
    expect(decideDelivery({ kind: 'answer', status: 503, retryAfter: '0' }, 3, policy, now, mid)).toMatchObject({ delayMs: 4000 });
    expect(decideDelivery({ kind: 'answer', status: 503, retryAfter: '999999' }, 1, policy, now, mid)).toMatchObject({ delayMs: 3_600_000 });
    expect(decideDelivery({ kind: 'answer', status: 503, retryAfter: 'Sun, 01 Mar 2026 12:02:00 GMT' }, 1, policy, now, mid)).toMatchObject({ delayMs: 120_000 });
  });

  it('long answer bodies are cut in the reason', () => {
    const reason = describeOutcome({ kind: 'answer', status: 500, body: 'x'.repeat(1000) })!;
    expect(reason.length).toBeLessThan(260);
    expect(reason.endsWith('…')).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, refuses the rest', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 5 ', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    for (const bad of [null, undefined, '', '-5', '1.5', 'soon', '2026-03-01']) expect(parseRetryAfter(bad, now)).toBeNull();
  });
});
