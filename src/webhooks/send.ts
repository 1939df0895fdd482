import { httpRequestKeeping } from '../lib/httpRequest.ts';
import { isPrivateAddressError } from '../lib/outboundPolicy.ts';
import type { AttemptOutcome } from './policy.ts';

/** One POST to a receiver. Never throws for the receiver's failures: they come back as an outcome. */
export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** The worker is stopping: the attempt is abandoned (WorkerStopping), not counted as the receiver's fault. */
  signal?: AbortSignal;
}

export class WorkerStopping extends Error {
  override name = 'WorkerStopping';
}

const BODY_KEPT = 2048;

function networkMessage(err: unknown): string {
  // node:http throws the system error itself; fetch wraps it in `cause`.
  const e = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (e instanceof Error) {
    const code = (e as Error & { code?: unknown }).code;
    return `could not reach the receiver: ${typeof code === 'string' ? `${code} ` : ''}${e.message}`.trim();
  }
  return `could not reach the receiver: ${String(err)}`;
}

/**
 * The POST goes through node:http (src/lib/httpRequest.ts), whose connections are checked by the
 * outbound policy (LEASEWIRE_PRIVATE_NETWORKS) on the address they go to. Redirects are not
 * followed (a 3xx is an answer, with its location); 2xx and 3xx bodies are discarded, at most
 * 2048 characters of any other are kept.
 */
export async function sendDelivery(req: SendRequest): Promise<{ outcome: AttemptOutcome; durationMs: number }> {
  const started = Date.now();
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const done = (outcome: AttemptOutcome) => ({ outcome, durationMs: Date.now() - started });
  try {
    const res = await httpRequestKeeping(req.url, { method: 'POST', body: req.body, headers: req.headers, signal }, (status) => (status >= 200 && status < 400 ? 0 : BODY_KEPT));
    if (res.status >= 200 && res.status < 300) return done({ kind: 'answer', status: res.status, statusText: res.statusText });
    const body = await res.text();
    return done({ kind: 'answer', status: res.status, statusText: res.statusText, retryAfter: res.headers.get('retry-after'), location: res.headers.get('location'), body });
  } catch (err) {
    if (req.signal?.aborted) throw new WorkerStopping('the worker is stopping');
    // This server's policy, not the receiver: another attempt would be refused the same way.
    if (isPrivateAddressError(err)) return done({ kind: 'no_answer', message: err.message, permanent: true });
    if (timeout.aborted) return done({ kind: 'no_answer', message: `no answer within ${req.timeoutMs / 1000} s (timeout)` });
    return done({ kind: 'no_answer', message: networkMessage(err) });
  }
}
