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

async function readSome(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let out = '';
  try {
    while (out.length < BODY_KEPT) {
      const { done, value } = await reader.read();
      if (done) break;
      out += decoder.decode(value, { stream: true });
    }
  } catch {
    // a body cut short still tells what it had
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return out.slice(0, BODY_KEPT);
}

function networkMessage(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? (err.cause as Error & { code?: string }) : undefined;
  if (cause) return `could not reach the receiver: ${cause.code ? `${cause.code} ` : ''}${cause.message}`.trim();
  return `could not reach the receiver: ${err instanceof Error ? err.message : String(err)}`;
}

export async function sendDelivery(req: SendRequest): Promise<{ outcome: AttemptOutcome; durationMs: number }> {
  const started = Date.now();
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const done = (outcome: AttemptOutcome) => ({ outcome, durationMs: Date.now() - started });
  try {
    const res = await fetch(req.url, { method: 'POST', body: req.body, headers: req.headers, redirect: 'manual', signal });
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => undefined);
      return done({ kind: 'answer', status: res.status, statusText: res.statusText });
    }
    const body = res.status >= 300 && res.status < 400 ? (await res.body?.cancel().catch(() => undefined), '') : await readSome(res);
    return done({ kind: 'answer', status: res.status, statusText: res.statusText, retryAfter: res.headers.get('retry-after'), location: res.headers.get('location'), body });
  } catch (err) {
    if (req.signal?.aborted) throw new WorkerStopping('the worker is stopping');
    if (timeout.aborted) return done({ kind: 'no_answer', message: `no answer within ${req.timeoutMs / 1000} s (timeout)` });
    return done({ kind: 'no_answer', message: networkMessage(err) });
  }
}
