import { describe, expect, it } from 'vitest';
import type { HttpRequestFn } from '../../lib/httpRequest.ts';
import { MemoryLimiter } from '../shared/outboundLimiter.ts';
import { BuildiumClient } from './client.ts';
import { BuildiumError } from './errors.ts';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function fake(replies: Reply[]): { fetch: HttpRequestFn; urls: string[]; headers: Array<Record<string, string>> } {
  const urls: string[] = [];
  const headers: Array<Record<string, string>> = [];
  const fetch: HttpRequestFn = async (url, init) => {
    urls.push(url);
    headers.push(init.headers);
    const r = replies.shift();
    if (!r) throw new Error('no more replies');
    if (r instanceof Error) throw r;
    const h = new Map(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return { status: r.status, headers: { get: (n: string) => h.get(n.toLowerCase()) ?? null }, text: async () => (r.body === undefined ? '' : JSON.stringify(r.body)) };
  };
  return { fetch, urls, headers };
}

const creds = { clientId: 'cid', secret: 'sec', base_url: 'http://pms.test/' };
const client = (f: HttpRequestFn, extra: Partial<ConstructorParameters<typeof BuildiumClient>[1]> = {}) =>
  new BuildiumClient(creds, { integrationId: 'i1', fetch: f, requestsPerSecond: 1000, baseBackoffMs: 1, maxBackoffMs: 5, onCall: () => {}, ...extra });

describe('BuildiumClient', () => {
  it('sends the key in Buildium\'s headers and pages by limit/offset ordered by Id until X-Total-Count', async () => {
    const f = fake([{ status: 200, body: [{ Id: 1 }, { Id: 2 }], headers: { 'x-total-count': '3' } }, { status: 200, body: [{ Id: 3 }], headers: { 'x-total-count': '3' } }]);
    const items = await client(f.fetch).all('/v1/rentals', { lastupdatedfrom: '2026-01-01T00:00:00.000Z' });
    expect(items.map((i) => i.Id)).toEqual([1, 2, 3]);
    expect(f.urls[0]).toBe('http://pms.test/v1/rentals?lastupdatedfrom=2026-01-01T00%3A00%3A00.000Z&orderby=Id&limit=1000&offset=0');
    expect(f.urls[1]).toContain('offset=2');
    expect(f.headers[0]).toMatchObject({ 'x-buildium-client-id': 'cid', 'x-buildium-client-secret': 'sec' });
  });

  it('stops at a short page when no total is sent', async () => {
    const f = fake([{ status: 200, body: [{ Id: 1 }] }]);
    const pages = [];
    for await (const p of client(f.fetch).pages('/v1/users', {}, 0, 2)) pages.push(p);
    expect(pages).toHaveLength(1);
  });

  it('retries a 429 after its Retry-After and 5xx with backoff; 401 is permanent with a hint', async () => {
    const f = fake([{ status: 429, headers: { 'retry-after': '0.05' } }, { status: 502 }, { status: 200, body: [] }]);
    const started = Date.now();
    expect((await client(f.fetch).get('/v1/users')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const g = fake([{ status: 401, body: { UserMessage: 'Bad key', ErrorCode: 'Unauthorized', Errors: [] } }]);
    const e = await client(g.fetch).get('/v1/users').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BuildiumError);
    expect(e).toMatchObject({ kind: 'permanent', reason: 'credentials' });
    expect((e as Error).message).toMatch(/Bad key.*clientId and secret/);
  });

  it('never retries a POST, and says whether its outcome is known', async () => {
    const cases: Array<[Reply, string, string]> = [
      [{ status: 503 }, 'transient', 'not_applied'],
      [{ status: 500 }, 'transient', 'unknown'],
      [{ status: 422, body: { UserMessage: 'x', Errors: [{ Key: 'Note', Value: 'required' }] } }, 'permanent', 'not_applied'],
      [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient', 'unknown'],
      [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'transient', 'not_applied'],
    ];
    for (const [reply, kind, outcome] of cases) {
      const f = fake([reply]);
      const e = await client(f.fetch).post('/v1/applicants/1/notes', { Note: 'x' }).catch((x: unknown) => x);
      expect(e, JSON.stringify(reply)).toMatchObject({ kind, outcome });
      expect(f.urls).toHaveLength(1);
    }
  });

  it('spaces calls by the per-second budget, shared through the limiter, and blocks everyone after a 429', async () => {
    const limiter = new MemoryLimiter();
    const f = fake(Array.from({ length: 6 }, () => ({ status: 200, body: [] })));
    const a = client(f.fetch, { limiter, requestsPerSecond: 20 });
    const b = client(f.fetch, { limiter, requestsPerSecond: 20 });
    const started = Date.now();
    await Promise.all([a.get('/v1/users'), b.get('/v1/users'), a.get('/v1/users'), b.get('/v1/users'), a.get('/v1/users'), b.get('/v1/users')]);
    // Six calls at 20/s through one limiter: the last starts ≥ 250 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    const g = fake([{ status: 429, headers: { 'retry-after': '0.3' } }, { status: 200, body: [] }]);
    const shared = new MemoryLimiter();
    const c1 = client(g.fetch, { limiter: shared, maxAttempts: 1 });
    await expect(c1.get('/v1/users')).rejects.toMatchObject({ reason: 'rate_limited', details: { retryAfterMs: 300 } });
    const blockedAt = Date.now();
    await client(g.fetch, { limiter: shared }).get('/v1/users');
    expect(Date.now() - blockedAt).toBeGreaterThanOrEqual(250);
  });
});
