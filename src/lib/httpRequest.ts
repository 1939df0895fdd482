import http from 'node:http';
import https from 'node:https';

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

// Connections are kept and reused (Node's agents honour the server's keep-alive timeout hint).
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * One HTTP request with node:http: a PMS worker makes a few calls per write, and the built-in
 * fetch (WHATWG streams over undici) cost about a third of a worker's CPU. The whole body is read
 * before it resolves. Errors keep Node's codes (ECONNREFUSED …); an aborted or timed-out signal
 * rejects with the signal's reason (a TimeoutError for AbortSignal.timeout), even mid-body.
 */
export const httpRequest: HttpRequestFn = (url, init) =>
  new Promise<HttpExchange>((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
      reject(new TypeError(`unsupported URL protocol ${target.protocol} (use http or https)`));
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
    const req = (secure ? https : http).request(
      target,
      { method: init.method, headers, agent: secure ? agents['https:'] : agents['http:'], ...(signal ? { signal } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        const truncated = (): void => fail(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }));
        res.on('error', fail);
        // After 'end' the promise is settled and a later 'close' changes nothing.
        res.on('close', truncated);
        res.on('end', () => {
          if (!res.complete) return truncated();
          const body = Buffer.concat(chunks).toString('utf8');
          const raw = res.headers;
          resolve({
            status: res.statusCode ?? 0,
            headers: {
              get(name: string): string | null {
                const v = raw[name.toLowerCase()];
                return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
              },
            },
            text: () => Promise.resolve(body),
          });
        });
      },
    );
    req.on('error', fail);
    req.end(init.body);
  });
