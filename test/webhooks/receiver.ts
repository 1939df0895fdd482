import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/webhooks/payload.ts';

/** One request a test receiver got, and what it answered (null: it never answered). */
export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number | null;
}

/** What the receiver does with its n-th request (0-based): an answer, or 'hang' to never answer. */
export type Responder = (req: Received, n: number) => { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** Requests being answered right now, by leasewire-delivery-id (for "never twice at once"). */
  maxInFlightPerWebhook: number;
  waitFor(check: (received: Received[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A tiny HTTP receiver on 127.0.0.1 and a free port. */
export async function startReceiver(respond: Responder = () => ({ status: 200 })): Promise<Receiver> {
  const received: Received[] = [];
  const inFlight = new Map<string, number>();
  const state = { max: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: null };
      const n = received.push(entry) - 1;
      const key = String(req.url);
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      state.max = Math.max(state.max, inFlight.get(key)!);
      const answer = respond(entry, n);
      if (answer === 'hang') return;
      setTimeout(() => {
        inFlight.set(key, inFlight.get(key)! - 1);
        entry.answered = answer.status;
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? 'ok');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    get maxInFlightPerWebhook() {
      return state.max;
    },
    waitFor: async (check, what, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      while (!check(received)) {
        if (Date.now() > until) throw new Error(`the receiver did not get ${what} within ${timeoutMs} ms; it got ${received.length} request(s): ${received.map((r) => r.body.slice(0, 80)).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The parsed body of a delivery. */
export function bodyOf(r: Received): { trigger: string; data: Record<string, unknown> & { event: string } } {
  return JSON.parse(r.body) as { trigger: string; data: Record<string, unknown> & { event: string } };
}

/** True when the request carries a valid propexo-signature for `secret`. */
export function signedWith(r: Received, secret: string): boolean {
  const sig = r.headers['propexo-signature'];
  return typeof sig === 'string' && verifySignature(secret, r.body, sig);
}

/** Polls until `check` holds. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Fast delivery settings for tests: passes every 50 ms and millisecond backoff. The timeout stays
 * long enough that a loaded machine's local receiver never misses it by accident.
 */
export const fastWebhookOptions = {
  dispatchEveryMs: 50,
  timeoutMs: 3000,
  leaseMs: 4000,
  policy: { maxAttempts: 4, backoff: { baseMs: 30, maxMs: 200 }, maxRetryAfterMs: 1000 },
};
