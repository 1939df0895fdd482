import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rateLimiter.ts';

describe('RateLimiter', () => {
  it('counts down a fixed window per caller and refuses past the limit', () => {
    const rl = new RateLimiter(3, 60_000);
    const t = 1_000_000;
    expect(rl.take('a', t)).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60 });
    expect(rl.take('a', t + 1).remaining).toBe(1);
    expect(rl.take('a', t + 2).remaining).toBe(0);
    const refused = rl.take('a', t + 30_500);
    expect(refused).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 30 });
    // Another caller has its own budget.
    expect(rl.take('b', t + 3).allowed).toBe(true);
  });

  it('starts a new window once the old one has passed', () => {
    const rl = new RateLimiter(1, 1_000);
    expect(rl.take('a', 0).allowed).toBe(true);
    expect(rl.take('a', 999).allowed).toBe(false);
    expect(rl.take('a', 1_000)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 1 });
  });

  it('never holds more callers than its bound', () => {
    const rl = new RateLimiter(5, 60_000, 100);
    for (let i = 0; i < 1_000; i++) rl.take(`caller-${i}`, i);
    expect(rl.callers).toBeLessThanOrEqual(100);
    // Expired windows go first: after a window has passed, the sweep keeps only live callers.
    rl.take('late', 120_000);
    expect(rl.callers).toBeLessThanOrEqual(100);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new RateLimiter(0)).toThrow(/positive integer/);
  });
});
