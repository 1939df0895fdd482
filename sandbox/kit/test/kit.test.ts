import type { Socket } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ruleConfigSchema, RuleEngine, triggerFields, validConfig, validFlags, describeRule } from '../faults.ts';
import { closer, closingController, holdOpen, listen, sleep } from '../lifecycle.ts';
import { BoundedRecorder } from '../recorder.ts';

interface Entry {
  id: number;
  name: string;
}

describe('BoundedRecorder', () => {
  it('keeps the newest entries up to its capacity, counts every one, and never reuses ids', () => {
    const log = new BoundedRecorder<Entry>(2);
    for (const name of ['a', 'b', 'c']) log.add({ name });
    expect(log.where(() => true)).toEqual([{ name: 'b', id: 2 }, { name: 'c', id: 3 }]);
    expect(log.total()).toBe(3);
    expect(log.where((e) => e.id > 2).map((e) => e.name)).toEqual(['c']);
    log.clear();
    expect(log.where(() => true)).toEqual([]);
    expect(log.total()).toBe(0);
    expect(log.add({ name: 'd' }).id).toBe(4);
    expect(log.total()).toBe(1);
  });
});

const spec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latency'), ms: z.number(), ...triggerFields }),
  z.strictObject({ kind: z.literal('http'), status: z.number(), ...triggerFields }),
  z.strictObject({ kind: z.literal('hang'), ...triggerFields }),
]);
type Spec = z.infer<typeof spec>;
const config = ruleConfigSchema(z.string().regex(/^[a-z*]+$/, 'bad key'), spec, 'keys are lower-case words or "*"');

/** A sequence that repeats the given draws. */
const fixed = (draws: number[]) => () => {
  let i = 0;
  return { next: () => draws[i++ % draws.length] ?? 0 };
};

const engine = (rules: Record<string, Spec[]>, draws: number[] = [0.5]) =>
  new RuleEngine<Spec, string>(rules, 7, { random: fixed(draws), describe: describeRule, outcome: (s) => (s.kind === 'http' ? `status ${s.status}` : s.kind) });

describe('RuleEngine', () => {
  it('fires `every` on the Nth matching request and stops after `times`', () => {
    const e = engine({ a: [{ kind: 'http', status: 503, every: 2, times: 2 }] });
    const outcomes = Array.from({ length: 6 }, () => e.decideFor(['a']).outcome);
    expect(outcomes).toEqual([null, 'status 503', null, 'status 503', null, null]);
    expect(e.snapshot().counters).toEqual({ a: [{ seen: 6, fired: 2 }] });
  });

  it('fires `rate` when the draw is below it, and draws only for rules with a rate', () => {
    const e = engine({ a: [{ kind: 'hang', rate: 0.5 }], b: [{ kind: 'hang' }] }, [0.2, 0.7]);
    expect([e.decideFor(['a']).outcome, e.decideFor(['b']).outcome, e.decideFor(['a']).outcome]).toEqual(['hang', 'hang', null]);
  });

  it('adds up latencies across keys; the first other rule decides the outcome, later ones only count the request', () => {
    const e = engine({ a: [{ kind: 'latency', ms: 10 }, { kind: 'http', status: 500 }], '*': [{ kind: 'hang' }, { kind: 'latency', ms: 5 }] });
    expect(e.decideFor(['a', 'missing', '*'])).toEqual({ latencyMs: 15, outcome: 'status 500', applied: ['latency=10', 'http=500', 'latency=5'] });
    expect(e.snapshot().counters['*']).toEqual([{ seen: 1, fired: 0 }, { seen: 1, fired: 1 }]);
  });

  it('restarts counters and the random sequence on set', () => {
    const e = engine({ a: [{ kind: 'hang', rate: 0.5 }] }, [0.2, 0.9]);
    expect(e.decideFor(['a']).outcome).toBe('hang');
    e.set({ a: [{ kind: 'hang', rate: 0.5 }] });
    expect(e.decideFor(['a']).outcome).toBe('hang');
    expect(e.snapshot()).toEqual({ faults: { a: [{ kind: 'hang', rate: 0.5 }] }, counters: { a: [{ seen: 1, fired: 1 }] } });
    e.clear();
    expect(e.decideFor(['a'])).toEqual({ latencyMs: 0, outcome: null, applied: [] });
    expect(e.snapshot()).toEqual({ faults: {}, counters: {} });
  });
});

describe('fault configuration', () => {
  it('accepts a single rule without the array and names what is wrong otherwise', () => {
    expect(validConfig(config, { a: { kind: 'hang' } })).toEqual({ a: [{ kind: 'hang' }] });
    expect(validConfig(config, undefined)).toEqual({});
    expect(() => validConfig(config, { a: { kind: 'hang', every: 0 } })).toThrow(/^Invalid faults: a\.0\.every: /);
    expect(() => validConfig(config, { A: { kind: 'hang' } })).toThrow('keys are lower-case words or "*"');
    expect(() => validFlags(config, { a: [{ kind: 'http' }] })).toThrow(/^--fault: a\.0\.status: /);
  });
});

describe('lifecycle', () => {
  it('sleep ends early when the sandbox closes', async () => {
    const closing = closingController();
    const t0 = Date.now();
    const slept = sleep(10_000, closing.signal);
    closing.abort();
    await slept;
    await sleep(10_000, closing.signal);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('close destroys hung sockets, stops listening, and is the same promise when called twice', async () => {
    const held = { hungSockets: new Set<Socket>(), closing: closingController() };
    const app = Fastify();
    app.get('/hang', (req, reply) => {
      holdOpen(held, req.raw.socket);
      reply.hijack();
    });
    const url = await listen(app, '127.0.0.1', 0);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const hung = fetch(`${url}/hang`).then(
      () => 'answered',
      () => 'cut',
    );
    await expect.poll(() => held.hungSockets.size).toBe(1);
    const close = closer(app, held);
    const first = close();
    expect(close()).toBe(first);
    await first;
    expect(await hung).toBe('cut');
    expect(held.hungSockets.size).toBe(0);
    expect(held.closing.signal.aborted).toBe(true);
    await expect(fetch(`${url}/hang`)).rejects.toThrow();
  });
});
