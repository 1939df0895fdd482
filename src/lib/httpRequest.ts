import http from 'node:http';
import https from 'node:https';
import { lookup as policyLookup, privateNetworks, refusedLiteral } from './outboundPolicy.ts';

/** What a PMS client needs of an HTTP exchange; `fetch` satisfies it too (tests inject fakes). */
export interface HttpExchange {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type HttpRequestFn = (url: string, init: HttpRequestInit) => Promise<HttpExchange>;

/** An exchange with the status line's reason phrase (statusText), as fetch's Response has. */
export interface HttpAnswer extends HttpExchange {
  statusText: string;
}

const keepAliveAgents = (lookup?: typeof policyLookup) => ({
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, ...(lookup ? { lookup } : {}) }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, ...(lookup ? { lookup } : {}) }),
});

// Connections are kept and reused (Node's agents honour the server's keep-alive timeout hint).
// Under LEASEWIRE_PRIVATE_NETWORKS=deny every new connection resolves its host through the
// policy's lookup, which refuses private addresses; the two policies never share a connection.
const agents = { allow: keepAliveAgents(), deny: keepAliveAgents(policyLookup) };

/**
 * One HTTP request with node:http: a PMS worker makes a few calls per write, and the built-in
 * fetch (WHATWG streams over undici) cost about a third of a worker's CPU. The whole body is read
 * before it resolves. Errors keep Node's codes (ECONNREFUSED …); an aborted or timed-out signal
 * rejects with the signal's reason (a TimeoutError for AbortSignal.timeout), even mid-body.
 * Redirects are not followed. A private address refused by the outbound policy rejects with a
 * PrivateAddressError (code ELEASEWIRE_PRIVATE_ADDRESS).
 */
export const httpRequest: HttpRequestFn = (url, init) => exchange(url, init, () => Infinity);

/**
 * httpRequest that keeps at most `keepChars(status)` characters of the body: the rest is not
 * read (the connection is closed). 0 resolves on the status line and headers and discards the
 * body; a body cut short (closed, aborted) resolves with what arrived. Infinity is httpRequest.
 */
export const httpRequestKeeping = (url: string, init: HttpRequestInit, keepChars: (status: number) => number): Promise<HttpAnswer> =>
  exchange(url, init, keepChars);

function exchange(url: string, init: HttpRequestInit, keepChars: (status: number) => number): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
      reject(new TypeError(`unsupported URL protocol ${target.protocol} (use http or https)`));
      return;
    }
    // Node does not call `lookup` for a literal IP: it is judged here.
    const refused = refusedLiteral(target.hostname);
    if (refused) {
      reject(refused);
      return;
    }
    const signal = init.signal;
    const fail = (err: unknown): void => reject(signal?.aborted ? (signal.reason as unknown) : err);
    if (signal?.aborted) {
      fail(signal.reason);
      return;
    }
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const agent = agents[privateNetworks()][secure ? 'https:' : 'http:'];
    const req = (secure ? https : http).request(target, { method: init.method, headers, agent, ...(signal ? { signal } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      const raw = res.headers;
      const answer = (body: string): HttpAnswer => ({
        status,
        statusText: res.statusMessage ?? '',
        headers: {
          get(name: string): string | null {
            const v = raw[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
          },
        },
        text: () => Promise.resolve(body),
      });
      const keep = keepChars(status);
      if (keep <= 0) {
        // Drained in the background, so the connection can be reused; the signal still bounds it.
        res.on('error', () => undefined);
        res.resume();
        resolve(answer(''));
        return;
      }
      if (keep !== Infinity) {
        res.setEncoding('utf8');
        let text = '';
        let settled = false;
        const finish = (): void => {
          if (settled) return;
          settled = true;
          resolve(answer(text.slice(0, keep)));
        };
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length < keep) return;
          finish();
          res.destroy();
        });
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      const truncated = (): void => fail(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }));
      res.on('error', fail);
      // After 'end' the promise is settled and a later 'close' changes nothing.
      res.on('close', truncated);
      res.on('end', () => {
        if (!res.complete) return truncated();
        resolve(answer(Buffer.concat(chunks).toString('utf8')));
      });
    });
    req.on('error', fail);
    req.end(init.body);
  });
}
