import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setPrivateNetworks } from '../lib/outboundPolicy.ts';
import { decideDelivery, defaultDeliveryPolicy } from './policy.ts';
import { sendDelivery, WorkerStopping } from './send.ts';

let server: http.Server;
let base: string;
const got: Array<{ path: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/ok') {
        res.writeHead(202, { 'content-type': 'text/plain' });
        res.end('x'.repeat(100_000));
      } else if (req.url === '/moved') {
        res.writeHead(301, { location: '/ok' });
        res.end('see /ok');
      } else if (req.url === '/busy') {
        res.writeHead(503, { 'retry-after': '7' });
        res.end(`busy ${'y'.repeat(5000)}`);
      } else if (req.url === '/hang') {
        // never answers
      } else {
        res.writeHead(404);
        res.end('no such hook');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => setPrivateNetworks('allow'));

const send = (path: string, extra: Partial<Parameters<typeof sendDelivery>[0]> = {}) =>
  sendDelivery({ url: `${base}${path}`, body: '{"trigger":"DATA_NEW"}', headers: { 'content-type': 'application/json', 'x-custom': 'v' }, timeoutMs: 2000, ...extra });

describe('sendDelivery', () => {
  it('POSTs the body with the headers; a 2xx is an answer and its body is not read', async () => {
    const { outcome, durationMs } = await send('/ok');
    expect(outcome).toEqual({ kind: 'answer', status: 202, statusText: 'Accepted' });
    expect(durationMs).toBeGreaterThanOrEqual(0);
    const last = got.at(-1)!;
    expect(last).toMatchObject({ path: '/ok', body: '{"trigger":"DATA_NEW"}' });
    expect(last.headers).toMatchObject({ 'content-type': 'application/json', 'x-custom': 'v', 'content-length': '22' });
  });

  it('does not follow a redirect: the 3xx is the answer, with its location and no body', async () => {
    const before = got.length;
    const { outcome } = await send('/moved');
    expect(outcome).toEqual({ kind: 'answer', status: 301, statusText: 'Moved Permanently', retryAfter: null, location: '/ok', body: '' });
    expect(got.length).toBe(before + 1);
  });

  it('keeps at most 2048 characters of an error body, and Retry-After', async () => {
    const { outcome } = await send('/busy');
    expect(outcome).toMatchObject({ kind: 'answer', status: 503, statusText: 'Service Unavailable', retryAfter: '7', location: null });
    const body = (outcome as { body: string }).body;
    expect(body).toHaveLength(2048);
    expect(body.startsWith('busy y')).toBe(true);
    expect((await send('/gone')).outcome).toMatchObject({ status: 404, body: 'no such hook' });
  });

  it('reports a timeout as no answer within N s', async () => {
    const { outcome } = await send('/hang', { timeoutMs: 200 });
    expect(outcome).toEqual({ kind: 'no_answer', message: 'no answer within 0.2 s (timeout)' });
  });

  it('reports a network error with its code', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { outcome } = await sendDelivery({ url: `http://127.0.0.1:${port}/x`, body: '{}', headers: {}, timeoutMs: 2000 });
    expect(outcome).toEqual({ kind: 'no_answer', message: `could not reach the receiver: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it("throws WorkerStopping when the worker's signal aborts", async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    await expect(send('/hang', { signal: stop.signal })).rejects.toBeInstanceOf(WorkerStopping);
    const stopped = new AbortController();
    stopped.abort();
    await expect(send('/ok', { signal: stopped.signal })).rejects.toBeInstanceOf(WorkerStopping);
  });

  it('under LEASEWIRE_PRIVATE_NETWORKS=deny, a private receiver is a permanent no answer with the policy message, and fails at once', async () => {
    setPrivateNetworks('deny');
    const before = got.length;
    const { outcome } = await send('/ok');
    expect(outcome).toEqual({
      kind: 'no_answer',
      permanent: true,
      message: 'refused to connect to 127.0.0.1 (a private address): set LEASEWIRE_PRIVATE_NETWORKS=allow to let Leasewire call private networks',
    });
    // A name that resolves to loopback is refused the same way, after DNS.
    const named = await sendDelivery({ url: `${base.replace('127.0.0.1', 'localhost')}/ok`, body: '{}', headers: {}, timeoutMs: 2000 });
    expect(named.outcome).toMatchObject({ kind: 'no_answer', permanent: true, message: expect.stringMatching(/^refused to connect to localhost \(.+, a private address\): set LEASEWIRE_PRIVATE_NETWORKS=allow/) as unknown });
    expect(got.length).toBe(before);
    // Retrying cannot help: the first attempt fails the delivery, with the message as its reason.
    expect(decideDelivery(outcome, 1, defaultDeliveryPolicy, Date.now())).toEqual({ action: 'fail', reason: (outcome as { message: string }).message });
  });
});
