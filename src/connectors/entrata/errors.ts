/**
 * Every failure of an Entrata call, classified once here so that callers (sync retries, the write
 * worker) decide by `kind` and `outcome` and never by parsing messages.
 *
 * - kind: 'transient' may succeed if retried (5xx, envelope 500/310, timeouts, resets, 429);
 *   'permanent' will fail again until someone fixes credentials, access or the request.
 * - outcome: 'not_applied' when Entrata certainly did not act on the call (refused connection,
 *   429, an envelope error, a validation error); 'unknown' when the request may have reached
 *   Entrata and been applied (timeout after sending, socket closed without an answer, a 5xx from
 *   a proxy). A write whose outcome is unknown must be read back before it is retried.
 */
import { isPrivateAddressError } from '../../lib/outboundPolicy.ts';
export type EntrataErrorReason =
  | 'credentials'
  | 'access'
  | 'validation'
  | 'unknown_method'
  | 'rate_limited'
  | 'server'
  | 'busy'
  | 'timeout'
  | 'network'
  | 'protocol';

export type EntrataErrorKind = 'transient' | 'permanent';
export type EntrataCallOutcome = 'not_applied' | 'unknown';

export class EntrataError extends Error {
  override readonly name = 'EntrataError';
  constructor(
    readonly reason: EntrataErrorReason,
    readonly kind: EntrataErrorKind,
    readonly outcome: EntrataCallOutcome,
    message: string,
    readonly details: { service?: string; method?: string; httpStatus?: number; code?: number; retryAfterMs?: number; /** Entrata's own message, for an envelope error. */ said?: string } = {},
  ) {
    super(message);
  }

  get transient(): boolean {
    return this.kind === 'transient';
  }
}

export function isEntrataError(e: unknown): e is EntrataError {
  return e instanceof EntrataError;
}

interface Where {
  service: string;
  method: string;
}

/** An in-body `response.error` (HTTP 200), per our §6.6 code decisions. */
export function envelopeError(code: number, message: string, where: Where): EntrataError {
  const at = `${where.service}/${where.method}`;
  const d = { ...where, code, said: message };
  // Entrata's messages end with a period of their own ("Invalid API key."): ours follow it.
  message = message.replace(/\.+$/, '');
  if (code === 401)
    return new EntrataError('credentials', 'permanent', 'not_applied', `Entrata refused the credentials (${at}): ${message}. Check the integration's username/password or API key.`, d);
  if (code === 403)
    return new EntrataError('access', 'permanent', 'not_applied', `Entrata denied access (${at}): ${message}. Grant the API user access to this property or service in Entrata.`, d);
  if (code === 404)
    return new EntrataError('unknown_method', 'permanent', 'not_applied', `Entrata does not know ${at}: ${message}`, d);
  if (code === 310) return new EntrataError('busy', 'transient', 'not_applied', `Entrata is busy (${at}, code 310): ${message}`, d);
  if (code >= 500) return new EntrataError('server', 'transient', 'not_applied', `Entrata failed internally (${at}, code ${code}): ${message}`, d);
  return new EntrataError('validation', 'permanent', 'not_applied', `Entrata rejected the request (${at}, code ${code}): ${message}`, d);
}

export function httpError(status: number, where: Where, retryAfterMs?: number): EntrataError {
  const at = `${where.service}/${where.method}`;
  const d = { ...where, httpStatus: status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  const asked = retryAfterMs !== undefined ? `, Retry-After ${(retryAfterMs / 1000).toFixed(retryAfterMs % 1000 === 0 ? 0 : 1)} s` : '';
  if (status === 429) return new EntrataError('rate_limited', 'transient', 'not_applied', `Entrata throttled ${at} (HTTP 429${asked})`, d);
  if (status === 401) return new EntrataError('credentials', 'permanent', 'not_applied', `Entrata refused the credentials (${at}, HTTP 401). Check the integration's credentials.`, d);
  if (status === 403) return new EntrataError('access', 'permanent', 'not_applied', `Entrata denied access (${at}, HTTP 403). Grant the API user access in Entrata.`, d);
  if (status === 404) return new EntrataError('unknown_method', 'permanent', 'not_applied', `Entrata has no ${at} (HTTP 404). Check base_url and the subdomain.`, d);
  // 503 means the server did not take the request; other 5xx may come after it acted on it.
  if (status === 503) return new EntrataError('server', 'transient', 'not_applied', `Entrata is unavailable (${at}, HTTP 503${asked})`, d);
  if (status >= 500) return new EntrataError('server', 'transient', 'unknown', `Entrata failed (${at}, HTTP ${status})`, d);
  return new EntrataError('validation', 'permanent', 'not_applied', `Entrata answered HTTP ${status} to ${at}`, d);
}

/** Maps what fetch throws to a classified error. `sent` is false when no byte left this process. */
export function networkError(cause: unknown, where: Where, timeoutMs: number): EntrataError {
  const at = `${where.service}/${where.method}`;
  const err = cause as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  const code = err.cause?.code ?? err.code ?? '';
  // This server's outbound policy (LEASEWIRE_PRIVATE_NETWORKS) refused base_url's address: a retry cannot help.
  if (isPrivateAddressError(cause))
    return new EntrataError('network', 'permanent', 'not_applied', `Could not call Entrata for ${at}: ${cause.message}, or point base_url at a public address`, where);
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || err.cause?.name === 'TimeoutError')
    return new EntrataError('timeout', 'transient', 'unknown', `Entrata did not answer ${at} within ${timeoutMs} ms`, where);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return new EntrataError('network', 'transient', 'not_applied', `Could not connect to Entrata for ${at} (${code}). Check base_url and the network.`, where);
  return new EntrataError('network', 'transient', 'unknown', `The connection to Entrata closed during ${at} (${code || String(cause)})`, where);
}
