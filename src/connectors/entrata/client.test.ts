import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EntrataClient, gatewayFor } from './client.ts';
import { EntrataError } from './errors.ts';

// A tiny Entrata stand-in answering canned replies in order; each reply sees the request.
type Reply = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
let replies: Reply[] = [];
const seen: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      const reply = replies.shift();
      if (reply) reply(req, res, body);
      else json(200, { response: { code: 200, result: {} } })(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  replies = [];
  seen.length = 0;
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}
const ok = (result: unknown, headers: Record<string, string> = {}) => json(200, { response: { requestId: '1', code: 200, result } }, headers);
const drop: Reply = (req) => req.socket.destroy();
const hang: Reply = () => undefined;

const creds = () => ({ subdomain: 'acme', username: 'u', password: 'p', base_url: base });
const client = (o: Partial<ConstructorParameters<typeof EntrataClient>[1]> = {}) => new EntrataClient(creds(), { integrationId: 'int_1', baseBackoffMs: 1, maxBackoffMs: 5, timeoutMs: 2000, ...o });
const call = (c = client(), retry?: boolean) => c.call({ service: 'leads', method: 'getLeads', params: { propertyId: '1' }, ...(retry === undefined ? {} : { retry }) });

async function failure(p: Promise<unknown>): Promise<EntrataError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(EntrataError);
  return e as EntrataError;
}

describe('the Entrata client', () => {
  it('speaks the basic gateway: one POST per service, method in the body, Basic auth', async () => {
    replies = [ok({ prospects: { prospect: [] } })];
    const res = await call();
    expect(res).toEqual({ result: { prospects: { prospect: [] } }, code: 200, totalCount: null });
    expect(seen[0]!.url).toBe('/api/v1/leads');
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(JSON.parse(seen[0]!.body)).toMatchObject({ auth: { type: 'basic' }, method: { name: 'getLeads', version: 'r1', params: { propertyId: '1' } } });
  });

  it('speaks the API-key gateway', () => {
    const g = gatewayFor({ subdomain: 'acme corp', apiKey: 'k', base_url: 'https://x.example/' });
    expect(g.url('leases')).toBe('https://x.example/ext/orgs/acme%20corp/v1/leases');
    expect(g.headers).toEqual({ 'x-api-key': 'k' });
  });

  it('accepts an envelope without the response wrapper', async () => {
    replies = [json(200, { result: { a: 1 } })];
    expect((await call()).result).toEqual({ a: 1 });
  });

  it.each([
    ['envelope 401', json(200, { response: { error: { code: 401, message: 'Invalid credentials' } } }), 'credentials', 'permanent', 'not_applied', /refused the credentials.*Check the integration/],
    ['envelope 403', json(200, { response: { error: { code: '403', message: 'No access' } } }), 'access', 'permanent', 'not_applied', /denied access/],
    ['HTTP 400 with an envelope', json(400, { response: { error: { code: 399, message: 'propertyId is required' } } }), 'validation', 'permanent', 'not_applied', /rejected the request.*propertyId is required/],
    ['HTTP 401', json(401, ''), 'credentials', 'permanent', 'not_applied', /HTTP 401/],
  ])('classifies %s as permanent and does not retry it', async (_name, reply, reason, kind, outcome, message) => {
    replies = [reply, ok({})];
    const e = await failure(call());
    expect({ reason: e.reason, kind: e.kind, outcome: e.outcome }).toEqual({ reason, kind, outcome });
    expect(e.message).toMatch(message);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['envelope 500', json(200, { response: { error: { code: 500, message: 'oops' } } }), 'server', 'not_applied'],
    ['envelope 310', json(200, { response: { error: { code: 310, message: 'busy' } } }), 'busy', 'not_applied'],
    ['HTTP 503', json(503, 'down'), 'server', 'not_applied'],
    ['HTTP 500', json(500, 'boom'), 'server', 'unknown'],
    ['HTTP 429', json(429, '', { 'retry-after': '0' }), 'rate_limited', 'not_applied'],
    ['a dropped socket', drop, 'network', 'unknown'],
    ['a body that is not an envelope', json(200, '<html>proxy</html>'), 'protocol', 'unknown'],
  ])('classifies %s as transient, retries reads and gives up after maxAttempts', async (_name, reply, reason, outcome) => {
    replies = [reply, reply, reply];
    const e = await failure(call(client({ maxAttempts: 3 })));
    expect({ reason: e.reason, kind: e.kind, outcome: e.outcome }).toEqual({ reason, kind: 'transient', outcome });
    expect(seen).toHaveLength(3);
  });

  it('succeeds after transient failures', async () => {
    replies = [json(503, ''), drop, ok({ fine: true })];
    const c = client();
    expect((await call(c)).result).toEqual({ fine: true });
    expect(c.calls).toBe(3);
  });

  it('never retries a write (retry: false): its outcome may be unknown', async () => {
    replies = [json(502, ''), ok({})];
    const e = await failure(call(client(), false));
    expect(e.outcome).toBe('unknown');
    expect(seen).toHaveLength(1);
  });

  it('times out a call that gets no answer (outcome unknown)', async () => {
    replies = [hang];
    const e = await failure(call(client({ timeoutMs: 150 }), false));
    expect(e).toMatchObject({ reason: 'timeout', kind: 'transient', outcome: 'unknown' });
    expect(e.message).toMatch(/within 150 ms/);
  });

  it('reports a refused connection as not applied', async () => {
    const spare = http.createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((r) => spare.close(r));
    const closed = new EntrataClient({ subdomain: 'a', username: 'u', password: 'p', base_url: `http://127.0.0.1:${port}` }, { integrationId: 'i', maxAttempts: 1 });
    const e = await failure(closed.call({ service: 'leads', method: 'getLeads' }));
    expect(e).toMatchObject({ reason: 'network', kind: 'transient', outcome: 'not_applied' });
  });

  it('honours Retry-After of a 429 before the next call', async () => {
    replies = [json(429, '', { 'retry-after': '1' }), ok({ after: true })];
    const started = Date.now();
    expect((await call()).result).toEqual({ after: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('paces calls by X-RateLimit headers once a window runs low', async () => {
    // 1 call left of 100 in a 1 s window: the next call waits for the window.
    replies = [ok({}, { 'x-ratelimit-limit': '100/MINUTE', 'x-ratelimit-remaining': '0/MINUTE', 'x-ratelimit-reset': '1' }), ok({})];
    const c = client();
    await call(c);
    const started = Date.now();
    await call(c);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('pages by X-Total-Count, asking page_no and per_page', async () => {
    replies = [ok({ list: [1, 2] }, { 'x-total-count': '5' }), ok({ list: [3, 4] }, { 'x-total-count': '5' }), ok({ list: [5] }, { 'x-total-count': '5' })];
    const pages = [];
    for await (const p of client().pages({ service: 'leads', method: 'getLeads' }, 2)) pages.push(p);
    expect(pages.map((p) => [p.pageNo, p.totalCount, p.lastPage])).toEqual([[1, 5, false], [2, 5, false], [3, 5, true]]);
    expect(seen.map((s) => s.url)).toEqual(['/api/v1/leads?page_no=1&per_page=2', '/api/v1/leads?page_no=2&per_page=2', '/api/v1/leads?page_no=3&per_page=2']);
  });

  it('without X-Total-Count, stops at the first short page; resumes at a given page', async () => {
    replies = [ok({ prospects: { prospect: [{}, {}] } }), ok({ prospects: { prospect: {} } })];
    const pages = [];
    for await (const p of client().pages({ service: 'leads', method: 'getLeads' }, 2, 4)) pages.push(p.pageNo);
    expect(pages).toEqual([4, 5]);
    expect(seen).toHaveLength(2);
  });
});
