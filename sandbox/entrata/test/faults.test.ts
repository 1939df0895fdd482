import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFaultFlags, parseRateLimitFlags } from '../faultFlags.ts';
import type { Harness, Json } from './harness.ts';
import { errorOf, resultOf, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
beforeEach(() => h.sb.reset());
afterAll(() => h.close());

const status = (): ReturnType<Harness['call']> => h.call('status', 'getStatus');
const putFaults = (body: unknown): ReturnType<Harness['inspect']> => h.inspect('PUT', '/__sandbox/faults', body);

describe('fault injection', () => {
  it('adds latency', async () => {
    await putFaults({ 'status/getStatus': [{ kind: 'latency', ms: 300 }] });
    const t0 = performance.now();
    expect(resultOf(await status()).status).toBe('Success');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it.each([500, 502, 503])('answers HTTP %i', async (code) => {
    await putFaults({ 'status/getStatus': { kind: 'http', status: code } });
    const r = await status();
    expect(r.status).toBe(code);
    expect(r.body).toBeNull();
    expect(r.headers.get('x-ratelimit-limit')).toBeTruthy();
  });

  it.each([500, 310])('answers an envelope error %i with HTTP 200', async (code) => {
    await putFaults({ 'status/getStatus': [{ kind: 'envelope', code }] });
    const r = await status();
    expect(r.status).toBe(200);
    expect(errorOf(r).code).toBe(code);
    expect(r.body.response.requestId).toBe('1');
  });

  it('throttles with HTTP 429 and Retry-After', async () => {
    await putFaults({ 'status/getStatus': [{ kind: 'throttle', retryAfter: 7 }] });
    const r = await status();
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(errorOf(r).code).toBe(429);
  });

  it('hangs until the client gives up', async () => {
    await putFaults({ 'status/getStatus': [{ kind: 'hang' }] });
    await expect(h.call('status', 'getStatus', {}, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
    const log = (await h.inspect('GET', '/__sandbox/requests?method=getStatus')).body.requests;
    expect(log.at(-1)).toMatchObject({ outcome: 'hung', httpStatus: null, faults: ['hang'] });
  });

  it('commit-then-drop: the write lands, the client sees a socket error', async () => {
    await putFaults({ 'leads/updateLeads': [{ kind: 'drop' }] });
    const appId = h.sb.info.examples.leadApplicationId;
    const call = h.call('leads', 'updateLeads', { propertyId: h.sb.info.propertyIds[0], applicationId: appId, typeId: 8, comments: 'dropped but stored' }, { version: 'r2' });
    await expect(call).rejects.toThrow(/fetch failed|socket|other side closed/i);
    const events = (await h.inspect('GET', `/__sandbox/events?applicationId=${appId}&origin=api`)).body.events;
    expect(events.map((e: Json) => e.comments)).toEqual(['dropped but stored']);
    const log = (await h.inspect('GET', '/__sandbox/requests?method=updateLeads')).body.requests;
    expect(log.at(-1)).toMatchObject({ outcome: 'dropped', faults: ['drop'] });
  });

  it('fires on every Nth matching request and at most `times` times', async () => {
    await putFaults({ 'status/getStatus': [{ kind: 'http', status: 503, every: 3 }] });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await status()).status);
    expect(codes).toEqual([200, 200, 503, 200, 200, 503, 200]);

    await putFaults({ 'status/getStatus': [{ kind: 'envelope', code: 500, times: 2 }] });
    const outcomes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await status();
      outcomes.push(r.body.response.code ?? r.body.response.error.code);
    }
    expect(outcomes).toEqual([500, 500, 200, 200]);
  });

  it('fires a seeded fraction of requests, repeatably after a reset of the rules', async () => {
    const rule = { '*': [{ kind: 'envelope', code: 310, rate: 0.5 }] };
    const run = async (): Promise<string> => {
      await putFaults(rule);
      let s = '';
      for (let i = 0; i < 20; i++) s += (await status()).body.response.code === 200 ? '.' : 'x';
      return s;
    };
    const first = await run();
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    expect(await run()).toBe(first);
  });

  it('matches service/*, * and exact keys, and applies latency together with an outcome', async () => {
    await putFaults({ 'leads/*': [{ kind: 'envelope', code: 500 }], '*': [{ kind: 'latency', ms: 1 }] });
    expect(errorOf(await h.call('leads', 'getLeadPickLists')).code).toBe(500);
    expect(resultOf(await status()).status).toBe('Success');
    const snapshot = (await h.inspect('GET', '/__sandbox/faults')).body;
    expect(snapshot.faults['leads/*']).toEqual([{ kind: 'envelope', code: 500 }]);
    expect(snapshot.counters['*'][0]).toEqual({ seen: 2, fired: 2 });
  });

  it('does not fault requests that fail earlier (auth, unknown method)', async () => {
    await putFaults({ '*': [{ kind: 'http', status: 500 }] });
    expect(errorOf(await h.call('status', 'getStatus', {}, { headers: {} })).code).toBe(401);
    expect(errorOf(await h.call('status', 'nope')).code).toBe(404);
  });

  it('validates PUT /__sandbox/faults with a clear 400', async () => {
    for (const bad of [
      { 'leads/updateLeads': [{ kind: 'explode' }] },
      { 'leads/updateLeads': [{ kind: 'http', status: 404 }] },
      { 'leads/updateLeads': [{ kind: 'http', status: 500, rate: 2 }] },
      { 'leads/updateLeads': [{ kind: 'latency', ms: 10, typo: true }] },
      { 'not a key': [] },
      [1, 2],
    ]) {
      const r = await putFaults(bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.message.length).toBeGreaterThan(5);
    }
    const malformed = await h.inspect('PUT', '/__sandbox/faults', '{oops');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/JSON/);
    expect((await h.inspect('DELETE', '/__sandbox/faults')).body.faults).toEqual({});
  });
});

describe('hung requests and shutdown', () => {
  it('close() terminates requests that are hanging or sleeping in latency', async () => {
    const other = await startHarness({ faults: { 'status/getStatus': [{ kind: 'hang' }], 'leads/*': [{ kind: 'latency', ms: 60_000 }] } });
    const hung = other.call('status', 'getStatus').catch((e: unknown) => e);
    const sleeping = other.call('leads', 'getLeadPickLists').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    await other.close();
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(await hung).toBeInstanceOf(Error);
    expect(await sleeping).toBeInstanceOf(Error);
  });
});

describe('--fault and --rate-limit flags', () => {
  it('parses the documented syntax', () => {
    expect(
      parseFaultFlags([
        'leads/updateLeads:http=503,rate=0.2;latency=250',
        'leads/getLeads:envelope=310,every=3',
        'leads/updateLeads:error=0.2',
        '*:hang,rate=0.01',
        'leads/updateLeads:drop,times=1',
        'status/getStatus:throttle=5,every=2',
      ]),
    ).toEqual({
      'leads/updateLeads': [
        { kind: 'http', status: 503, rate: 0.2 },
        { kind: 'latency', ms: 250 },
        { kind: 'envelope', code: 500, rate: 0.2 },
        { kind: 'drop', times: 1 },
      ],
      'leads/getLeads': [{ kind: 'envelope', code: 310, every: 3 }],
      '*': [{ kind: 'hang', rate: 0.01 }],
      'status/getStatus': [{ kind: 'throttle', retryAfter: 5, every: 2 }],
    });
    expect(parseRateLimitFlags(['leads=5/MINUTE', '*=100/MINUTE;1000/HOUR'])).toEqual({ leads: '5/MINUTE', '*': '100/MINUTE;1000/HOUR' });
  });

  it('rejects malformed flags with a readable message', () => {
    expect(() => parseFaultFlags(['leads/updateLeads'])).toThrow(/expected/);
    expect(() => parseFaultFlags(['leads/updateLeads:boom'])).toThrow(/unknown fault "boom"/);
    expect(() => parseFaultFlags(['leads/updateLeads:http=abc'])).toThrow(/number/);
    expect(() => parseFaultFlags(['leads/updateLeads:http=418'])).toThrow(/--fault/);
    expect(() => parseFaultFlags(['leads/updateLeads:hang=3'])).toThrow(/no value/);
    expect(() => parseRateLimitFlags(['leads'])).toThrow(/expected/);
  });
});
