import { isPrivateAddressError } from '../../lib/outboundPolicy.ts';

/**
 * Every failure of a Buildium call, classified once so callers decide by `kind` and `outcome`:
 * - kind: 'transient' may succeed if retried (429, 5xx, timeouts, resets); 'permanent' will fail
 *   until someone fixes the credentials, the access or the request;
 * - outcome: 'not_applied' when Buildium certainly did not act (refused connection, 4xx, 429,
 *   503); 'unknown' when the request may have been applied (timeout after sending, connection
 *   closed without an answer, another 5xx). A write whose outcome is unknown is looked for before
 *   it is sent again.
 */
export type BuildiumErrorReason = 'credentials' | 'access' | 'not_found' | 'validation' | 'rate_limited' | 'server' | 'timeout' | 'network' | 'protocol';

export class BuildiumError extends Error {
  override readonly name = 'BuildiumError';
  constructor(
    readonly reason: BuildiumErrorReason,
    readonly kind: 'transient' | 'permanent',
    readonly outcome: 'not_applied' | 'unknown',
    message: string,
    readonly details: { operation: string; httpStatus?: number; retryAfterMs?: number } = { operation: '' },
  ) {
    super(message);
  }
}

/** Buildium's ApiErrorResponse, read leniently: its sentence and the per-field problems. */
export function apiErrorText(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as { UserMessage?: unknown; Errors?: unknown };
  const parts: string[] = [];
  if (typeof b.UserMessage === 'string' && b.UserMessage !== '') parts.push(b.UserMessage);
  if (Array.isArray(b.Errors)) {
    for (const e of b.Errors as Array<{ Key?: unknown; Value?: unknown }>) {
      if (typeof e?.Value === 'string') parts.push(typeof e.Key === 'string' && e.Key !== '' ? `${e.Key}: ${e.Value}` : e.Value);
    }
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

export function httpError(status: number, operation: string, body: unknown, retryAfterMs?: number): BuildiumError {
  const said = apiErrorText(body);
  const tail = said ? `: ${said}` : '';
  const d = { operation, httpStatus: status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (status === 429) return new BuildiumError('rate_limited', 'transient', 'not_applied', `Buildium throttled ${operation} (HTTP 429${retryAfterMs !== undefined ? `, Retry-After ${Math.round(retryAfterMs / 100) / 10} s` : ''})`, d);
  if (status === 401) return new BuildiumError('credentials', 'permanent', 'not_applied', `Buildium refused the API key (${operation}, HTTP 401)${tail}. Check the integration's clientId and secret.`, d);
  if (status === 403) return new BuildiumError('access', 'permanent', 'not_applied', `Buildium denied access (${operation}, HTTP 403)${tail}. Give the API key access to this resource in Buildium.`, d);
  if (status === 404) return new BuildiumError('not_found', 'permanent', 'not_applied', `Buildium has no such record (${operation}, HTTP 404)${tail}`, d);
  if (status === 503) return new BuildiumError('server', 'transient', 'not_applied', `Buildium is unavailable (${operation}, HTTP 503)${tail}`, d);
  if (status >= 500) return new BuildiumError('server', 'transient', 'unknown', `Buildium failed (${operation}, HTTP ${status})${tail}`, d);
  return new BuildiumError('validation', 'permanent', 'not_applied', `Buildium rejected ${operation} (HTTP ${status})${tail}`, d);
}

export function networkError(cause: unknown, operation: string, timeoutMs: number): BuildiumError {
  const err = cause as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  const code = err.cause?.code ?? err.code ?? '';
  const d = { operation };
  if (isPrivateAddressError(cause)) return new BuildiumError('network', 'permanent', 'not_applied', `Could not call Buildium for ${operation}: ${cause.message}, or point base_url at a public address`, d);
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || err.cause?.name === 'TimeoutError') return new BuildiumError('timeout', 'transient', 'unknown', `Buildium did not answer ${operation} within ${timeoutMs} ms`, d);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return new BuildiumError('network', 'transient', 'not_applied', `Could not connect to Buildium for ${operation} (${code}). Check base_url and the network.`, d);
  return new BuildiumError('network', 'transient', 'unknown', `The connection to Buildium closed during ${operation} (${code || String(cause)})`, d);
}
