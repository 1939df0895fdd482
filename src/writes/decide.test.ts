import { describe, expect, it } from 'vitest';
import type { WriteOutcome } from '../connectors/connector.ts';
import { decide, RETRY_AFTER_CAP_MS, retryAfterDelay } from './decide.ts';
import { attemptsOf, retryAfterOptions } from './worker.ts';

const transient = (extra: Partial<Extract<WriteOutcome, { status: 'failed' }>> = {}): WriteOutcome => ({ status: 'failed', kind: 'transient', message: 'Entrata throttled leads/updateLeads (HTTP 429, Retry-After 7 s)', ...extra });

describe('retryAfterDelay', () => {
  it('never waits less than Retry-After, and at most 10 % more', () => {
    expect(retryAfterDelay(7000, () => 0)).toBe(7000);
    expect(retryAfterDelay(7000, () => 0.5)).toBe(7350);
    expect(retryAfterDelay(7000, () => 0.999999)).toBe(7700);
  });
  it('caps what it honours at five minutes', () => {
    expect(RETRY_AFTER_CAP_MS).toBe(300_000);
    expect(retryAfterDelay(86_400_000, () => 0)).toBe(300_000);
    expect(retryAfterDelay(Number.POSITIVE_INFINITY, () => 0)).toBe(300_000);
    expect(retryAfterDelay(Number.NaN, () => 0)).toBe(300_000);
  });
  it('treats 0 and negative values as "now"', () => {
    expect(retryAfterDelay(0, () => 0.7)).toBe(0);
    expect(retryAfterDelay(-5000, () => 0.7)).toBe(0);
  });
  it('keeps a misbehaving random source inside the bounds', () => {
    expect(retryAfterDelay(1000, () => 5)).toBe(1100);
    expect(retryAfterDelay(1000, () => -1)).toBe(1000);
  });
});

describe('decide', () => {
  it('succeeds, fails permanently, or gives up at the budget as before', () => {
    expect(decide({ status: 'succeeded', xRecordId: '9', record: null }, 1, 12)).toEqual({ action: 'succeed', reason: 'the PMS created record 9' });
    expect(decide({ status: 'failed', kind: 'permanent', message: 'no' }, 1, 12)).toEqual({ action: 'fail', reason: 'no' });
    expect(decide(transient({ retryAfterMs: 7000 }), 12, 12)).toEqual({ action: 'fail', reason: 'gave up after 12 attempts: Entrata throttled leads/updateLeads (HTTP 429, Retry-After 7 s)' });
  });
  it('leaves a transient error without Retry-After to the queue’s backoff (no delay)', () => {
    const d = decide(transient(), 3, 12);
    expect(d).toEqual({ action: 'retry', reason: 'attempt 3 of 12 hit a transient error: Entrata throttled leads/updateLeads (HTTP 429, Retry-After 7 s)' });
  });
  it('waits at least Retry-After when the PMS sent one, and says so', () => {
    const d = decide(transient({ retryAfterMs: 7000 }), 3, 12, () => 0.5);
    expect(d).toEqual({ action: 'retry', delayMs: 7350, reason: expect.stringMatching(/; next attempt in 7\.3 s, as its Retry-After asked$/) });
    // Even far beyond the queue's own first backoff steps (1 s, 2 s…), and whatever the attempt.
    for (let attempt = 1; attempt < 12; attempt++) {
      const r = decide(transient({ retryAfterMs: 120_000 }), attempt, 12);
      expect(r.action === 'retry' && r.delayMs! >= 120_000 && r.delayMs! <= 132_000, JSON.stringify(r)).toBe(true);
    }
  });
});

describe('attempts across a Retry-After reschedule', () => {
  it('the first queue job counts as the queue does', () => {
    expect(attemptsOf({ write_job_id: 'wj_1' }, { attempt: 2, maxAttempts: 12 })).toEqual({ attempt: 2, maxAttempts: 12 });
  });
  it('a rescheduled job carries the attempts spent, so the budget stays the write’s', () => {
    const first = { attempt: 3, maxAttempts: 12 };
    const options = retryAfterOptions({ id: 'wj_1', queue_name: 'write:int_1:100101:10000002' }, first, 7350, Date.parse('2026-01-01T00:00:00Z'));
    expect(options).toEqual({ queueName: 'write:int_1:100101:10000002', jobKey: 'write-retry:wj_1', runAt: new Date('2026-01-01T00:00:07.350Z'), maxAttempts: 9 });
    // Its first run is the write's 4th attempt, its last the 12th.
    expect(attemptsOf({ write_job_id: 'wj_1', attempts_before: 3 }, { attempt: 1, maxAttempts: options.maxAttempts! })).toEqual({ attempt: 4, maxAttempts: 12 });
    expect(attemptsOf({ write_job_id: 'wj_1', attempts_before: 3 }, { attempt: 9, maxAttempts: 9 })).toEqual({ attempt: 12, maxAttempts: 12 });
  });
  it('ignores a malformed attempts_before', () => {
    for (const bad of ['3', -1, 1.5, null]) expect(attemptsOf({ write_job_id: 'wj_1', attempts_before: bad }, { attempt: 1, maxAttempts: 12 })).toEqual({ attempt: 1, maxAttempts: 12 });
  });
});
