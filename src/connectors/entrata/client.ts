import { entrataOrganization, type EntrataCredentials } from './credentials.ts';
import { readEnvelope, requestBody, type Obj } from './envelope.ts';
import { EntrataError, envelopeError, httpError, networkError } from './errors.ts';
import { MemoryLimiter, paceFrom, parseRateHeaders, retryAfterMs, type OutboundLimiter } from './rateLimit.ts';
import { httpRequest, type HttpExchange, type HttpRequestFn } from '../../lib/httpRequest.ts';
import { observePmsCall, type PmsCall } from '../../observability/metrics.ts';

/**
 * Entrata's wire protocol and nothing else: one POST per service URL with the method in the body
 * (reference §1), on either gateway, with pagination, error classification, timeouts, retries of
 * transient read failures, and the shared outbound pace.
 */
export interface EntrataClientOptions {
  /** Our integration id: the key of the shared outbound limiter. */
  integrationId: string;
  limiter?: OutboundLimiter;
  timeoutMs?: number;
  /** Attempts for a read before its transient error is thrown (1 = no retry). */
  maxAttempts?: number;
  /** First backoff step; doubles per attempt, with full jitter, capped at maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** The HTTP transport (default: node:http with keep-alive); tests pass a fake, or fetch. */
  fetch?: HttpRequestFn;
  /** Told about every attempt, success or not (default: the process's PMS-call metrics). */
  onCall?: (call: PmsCall) => void;
}

export interface CallRequest {
  service: string;
  method: string;
  version?: string;
  params?: Obj;
  page?: { no: number; perPage: number };
  /** Reads are retried on transient errors; writes never are (their outcome may be unknown). */
  retry?: boolean;
}

export interface CallResponse {
  result: unknown;
  /** The envelope's `code` (see Envelope). */
  code: number | null;
  /** X-Total-Count, when Entrata sent it. */
  totalCount: number | null;
}

export interface Gateway {
  url(service: string): string;
  headers: Record<string, string>;
  authType: 'basic' | 'apikey';
}

export function gatewayFor(c: EntrataCredentials): Gateway {
  const org = entrataOrganization(c);
  if ('apiKey' in c) {
    const base = (c.base_url ?? 'https://apis.entrata.com').replace(/\/+$/, '');
    return { url: (s) => `${base}/ext/orgs/${encodeURIComponent(org)}/v1/${s}`, headers: { 'x-api-key': c.apiKey }, authType: 'apikey' };
  }
  const base = (c.base_url ?? `https://${org}.entrata.com`).replace(/\/+$/, '');
  const basic = Buffer.from(`${c.username}:${c.password}`).toString('base64');
  return { url: (s) => `${base}/api/v1/${s}`, headers: { authorization: `Basic ${basic}` }, authType: 'basic' };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class EntrataClient {
  private readonly gateway: Gateway;
  private readonly limiter: OutboundLimiter;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly fetchFn: HttpRequestFn;
  /** Calls made, including retries (for progress and benchmarks). */
  calls = 0;

  constructor(
    credentials: EntrataCredentials,
    private readonly options: EntrataClientOptions,
  ) {
    this.gateway = gatewayFor(credentials);
    this.limiter = options.limiter ?? new MemoryLimiter();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseBackoffMs = options.baseBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 15_000;
    this.fetchFn = options.fetch ?? httpRequest;
  }

  async call(req: CallRequest): Promise<CallResponse> {
    const attempts = req.retry === false ? 1 : this.maxAttempts;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.observed(req);
      } catch (e) {
        if (!(e instanceof EntrataError) || e.kind === 'permanent' || attempt >= attempts) throw e;
        const backoff = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
        const jittered = Math.random() * backoff;
        await sleep(Math.max(jittered, e.details.retryAfterMs ?? 0));
      }
    }
  }

  /** Every page of a paginated method, one call per page, stopping at X-Total-Count or a short page. */
  async *pages(req: Omit<CallRequest, 'page'>, perPage: number, startPage = 1): AsyncGenerator<{ pageNo: number; result: unknown; totalCount: number | null; lastPage: boolean }> {
    for (let no = startPage; ; no++) {
      const res = await this.call({ ...req, page: { no, perPage } });
      const total = res.totalCount;
      const lastPage = total !== null ? no * perPage >= total : false;
      yield { pageNo: no, result: res.result, totalCount: total, lastPage };
      if (lastPage || total === null) {
        if (total === null) {
          // Without X-Total-Count the only end marker is a page that is not full.
          if (countItems(res.result) < perPage) return;
          continue;
        }
        return;
      }
    }
  }

  private async observed(req: CallRequest): Promise<CallResponse> {
    const started = performance.now();
    let error: string | undefined;
    try {
      return await this.once(req);
    } catch (e) {
      error = e instanceof EntrataError ? e.reason : 'unexpected';
      throw e;
    } finally {
      (this.options.onCall ?? observePmsCall)({ vendor: 'ENTRATA', service: req.service, method: req.method, durationMs: performance.now() - started, ...(error ? { error } : {}) });
    }
  }

  private async once(req: CallRequest): Promise<CallResponse> {
    const where = { service: req.service, method: req.method };
    const key = { integrationId: this.options.integrationId, service: req.service };
    await this.limiter.acquire(key);
    let url = this.gateway.url(req.service);
    if (req.page) url += `?page_no=${req.page.no}&per_page=${req.page.perPage}`;
    this.calls++;
    let res: HttpExchange;
    let text: string;
    try {
      res = await this.fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...this.gateway.headers },
        body: requestBody(req.method, req.version ?? 'r1', req.params ?? {}, this.gateway.authType),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      throw networkError(e, where, this.timeoutMs);
    }
    const windows = parseRateHeaders(res.headers);
    const wait = retryAfterMs(res.headers);
    if (windows.length > 0 || res.status === 429) {
      const pace = paceFrom(windows, Date.now());
      if (res.status === 429) pace.blockedUntil = Math.max(pace.blockedUntil, Date.now() + (wait ?? 1000));
      await this.limiter.report(key, pace);
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const env = readEnvelope(body);
    if (res.status !== 200) {
      // The spec declares HTTP 400 "Failure" with an envelope: trust the body when there is one.
      if (env && !env.ok && res.status < 500 && res.status !== 429) throw envelopeError(env.code, env.message, where);
      throw httpError(res.status, where, wait);
    }
    if (!env) throw new EntrataError('protocol', 'transient', 'unknown', `Entrata answered ${req.service}/${req.method} with a body that is not an Entrata envelope`, { ...where, httpStatus: 200 });
    if (!env.ok) throw envelopeError(env.code, env.message, where);
    const total = res.headers.get('x-total-count');
    return { result: env.result, code: env.code, totalCount: total !== null && /^\d+$/.test(total.trim()) ? Number(total) : null };
  }
}

/** Size of the largest list in a result, to detect the last page when no total is given. */
function countItems(result: unknown, depth = 0): number {
  if (Array.isArray(result)) return result.length;
  if (typeof result !== 'object' || result === null || depth > 4) return 0;
  let max = 0;
  for (const v of Object.values(result)) max = Math.max(max, countItems(v, depth + 1));
  return max;
}
