import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWindows, RateLimiter } from '../rateLimit.ts';
import type { Harness } from './harness.ts';
import { resultOf, startHarness } from './harness.ts';

// 2026-01-01T00:00:10Z: 50 s left in the minute, 3590 s in the hour.
let clock = Date.parse('2026-01-01T00:00:10Z');
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => clock, rateLimits: { leads: '5/MINUTE;100/HOUR', status: '8640/day;360/hour;6/minute' } });
});
afterAll(() => h.close());

const pickLists = (): ReturnType<Harness['call']> => h.call('leads', 'getLeadPickLists', {}, { version: 'r1' });

describe('rate limits', () => {
  it('reports Entrata-style headers on every response, counting down per service', async () => {
    const r = await h.call('status', 'getStatus');
    expect(r.headers.get('x-ratelimit-limit')).toBe('8640/DAY;360/HOUR;6/MINUTE');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('8639/DAY;359/HOUR;5/MINUTE');
    expect(r.headers.get('x-ratelimit-reset')).toBe(`${86_400 - 10};3590;50`);
    const other = await h.call('properties', 'getProperties');
    expect(other.headers.get('x-ratelimit-limit')).toBe('10000000/DAY;1000000/HOUR;100000/MINUTE');
    // Errors carry them too.
    const bad = await h.call('status', 'getStatus', {}, { headers: {} });
    expect(bad.headers.get('x-ratelimit-remaining')).toBe('8639/DAY;359/HOUR;5/MINUTE');
  });

  it('answers HTTP 429 with Retry-After once a window is exhausted, and recovers when it resets', async () => {
    for (let i = 0; i < 5; i++) expect((await pickLists()).status).toBe(200);
    const refused = await pickLists();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('50');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0/MINUTE;95/HOUR');
    expect(refused.body.response.error.code).toBe(429);
    // Other services have their own buckets.
    expect((await h.call('status', 'getStatus')).status).toBe(200);
    clock += 50_000;
    const again = await pickLists();
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('4/MINUTE;94/HOUR');
    const log = await h.inspect('GET', '/__sandbox/requests?service=leads&outcome=rate_limited');
    expect(log.body.requests).toHaveLength(1);
  });

  it('can be reconfigured at run time', async () => {
    const put = await h.inspect('PUT', '/__sandbox/rate-limits', { status: '1/MINUTE' });
    expect(put.status).toBe(200);
    expect(put.body.rateLimits.status).toBe('1/MINUTE');
    expect(resultOf(await h.call('status', 'getStatus')).status).toBe('Success');
    expect((await h.call('status', 'getStatus')).status).toBe(429);
    expect((await h.inspect('PUT', '/__sandbox/rate-limits', { status: '1/FORTNIGHT' })).status).toBe(400);
    expect((await h.inspect('PUT', '/__sandbox/rate-limits', { status: 5 })).status).toBe(400);
    h.sb.setRateLimits({});
    expect((await h.call('status', 'getStatus')).status).toBe(200);
  });
});

describe('RateLimiter', () => {
  it('parses windows case-insensitively and rejects nonsense', () => {
    expect(parseWindows('66000/hour;1100/minute')).toEqual([
      { limit: 66000, period: 'HOUR' },
      { limit: 1100, period: 'MINUTE' },
    ]);
    expect(() => parseWindows('10/WEEK')).toThrow(/Invalid rate-limit window/);
    expect(() => parseWindows('')).toThrow();
  });

  it('uses the longest exhausted window for Retry-After', () => {
    let now = 0;
    const limiter = new RateLimiter({ x: '2/HOUR;2/MINUTE' }, () => now);
    limiter.check('x', true);
    limiter.check('x', true);
    now = 1_000;
    const refused = limiter.check('x', true);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfter).toBe(3599);
  });
});
