import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from './httpRequest.ts';

let server: http.Server;
let base: string;
const sockets = new Set<string>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    sockets.add(`${req.socket.remotePort}`);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/echo') {
        res.writeHead(201, { 'content-type': 'application/json', 'x-ratelimit-remaining': '9/MINUTE' });
        res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'], length: req.headers['content-length'] }));
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2_000).unref();
      } else if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('partial');
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        res.writeHead(204);
        res.end();
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

describe('httpRequest', () => {
  it('sends the body with its length and answers status, headers and text', async () => {
    const res = await httpRequest(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"é":1}' });
    expect(res.status).toBe(201);
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('9/MINUTE');
    expect(res.headers.get('missing')).toBeNull();
    expect(JSON.parse(await res.text())).toEqual({ method: 'POST', body: '{"é":1}', type: 'application/json', length: '8' });
  });

  it('keeps the connection for the next request', async () => {
    sockets.clear();
    for (let i = 0; i < 3; i++) await httpRequest(`${base}/echo`, { method: 'POST', headers: {}, body: 'x' });
    expect(sockets.size).toBe(1);
  });

  it('answers an empty body for 204', async () => {
    const res = await httpRequest(`${base}/none`, { method: 'GET', headers: {} });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('rejects with the signal reason when the answer is late', async () => {
    const err = await httpRequest(`${base}/slow`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
  });

  it('rejects when the connection closes in the middle of the body', async () => {
    const err = await httpRequest(`${base}/cut`, { method: 'GET', headers: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toBe('ECONNRESET');
  });

  it('rejects with ECONNREFUSED when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await httpRequest(`http://127.0.0.1:${port}/`, { method: 'GET', headers: {} }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('refuses other protocols', async () => {
    await expect(httpRequest('ftp://example.invalid/', { method: 'GET', headers: {} })).rejects.toThrow(/unsupported URL protocol/);
  });
});
