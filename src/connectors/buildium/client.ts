import { httpRequest, type HttpExchange, type HttpRequestFn } from '../../lib/httpRequest.ts';
import { observePmsCall, type PmsCall } from '../../observability/metrics.ts';
import { MemoryLimiter, retryAfterMs, type LimiterKey, type OutboundLimiter } from '../shared/outboundLimiter.ts';
import type { BuildiumCredentials } from './credentials.ts';
import { BuildiumError, httpError, networkError } from './errors.ts';

export type Obj = Record<string, unknown>;

/**
 * Buildium's wire protocol and nothing else: REST over JSON with the API key in two headers,
 * lists paged by limit/offset (≤ 1000, total in X-Total-Count) and always ordered by Id (the
 * guide: sort on a unique property or pages shift), 429 and 5xx classified, reads retried with
 * backoff (Retry-After when given, else from ~200 ms as the guide suggests), and a per-second
 * budget shared by every worker process of the store (Buildium allows about 10 requests a second
 * per API key; we keep a margin).
 */
export const DEFAULT_BASE_URL = 'https://api.buildium.com';
export const PAGE_LIMIT = 1000;
/** Requests per second we allow ourselves per integration (Buildium: 10); BUILDIUM_REQUESTS_PER_SECOND overrides. */
export const DEFAULT_REQUESTS_PER_SECOND = 9;

export interface BuildiumClientOptions {
  integrationId: string;
  limiter?: OutboundLimiter;
  requestsPerSecond?: number;
  timeoutMs?: number;
  /** Attempts for a read before its transient error is thrown (1 = no retry). */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  fetch?: HttpRequestFn;
  onCall?: (call: PmsCall) => void;
}

export interface Answer {
  status: number;
  body: unknown;
  total: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function requestsPerSecondFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.BUILDIUM_REQUESTS_PER_SECOND;
  if (v === undefined || v === '') return DEFAULT_REQUESTS_PER_SECOND;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`BUILDIUM_REQUESTS_PER_SECOND must be a positive number (got "${v}")`);
  return n;
}

export class BuildiumClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly limiter: OutboundLimiter;
  private readonly key: LimiterKey;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly fetchFn: HttpRequestFn;
  private paceReported = false;
  /** Calls made, including retries. */
  calls = 0;

  constructor(credentials: BuildiumCredentials, private readonly options: BuildiumClientOptions) {
    this.base = (credentials.base_url ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.headers = { 'x-buildium-client-id': credentials.clientId, 'x-buildium-client-secret': credentials.secret, accept: 'application/json' };
    this.limiter = options.limiter ?? new MemoryLimiter();
    // One budget for the whole API key: Buildium counts requests per client, not per resource.
    this.key = { integrationId: options.integrationId, service: 'buildium-api' };
    this.intervalMs = Math.ceil(1000 / (options.requestsPerSecond ?? requestsPerSecondFromEnv()));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseBackoffMs = options.baseBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 15_000;
    this.fetchFn = options.fetch ?? httpRequest;
  }

  /** A GET, retried on transient errors. */
  async get(path: string, query: Record<string, string | number | undefined> = {}): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once('GET', path, query, undefined);
      } catch (e) {
        if (!(e instanceof BuildiumError) || e.kind === 'permanent' || attempt >= this.maxAttempts) throw e;
        const backoff = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
        await sleep(Math.max(backoff / 2 + Math.random() * (backoff / 2), e.details.retryAfterMs ?? 0));
      }
    }
  }

  /** A POST, sent once: its outcome may be unknown, so the caller decides about another attempt. */
  post(path: string, body: unknown): Promise<Answer> {
    return this.once('POST', path, {}, body);
  }

  /**
   * Every page of a list, ordered by Id, from `offset` on. Stops at X-Total-Count, or at a short
   * page when Buildium sends no total.
   */
  async *pages(path: string, query: Record<string, string | number | undefined>, offset = 0, limit = PAGE_LIMIT): AsyncGenerator<{ items: Obj[]; offset: number; next: number | null; total: number | null }> {
    for (let at = offset; ; ) {
      const res = await this.get(path, { ...query, orderby: 'Id', limit, offset: at });
      if (!Array.isArray(res.body)) throw new BuildiumError('protocol', 'transient', 'unknown', `Buildium answered GET ${path} with something other than a list`, { operation: `GET ${path}` });
      const items = res.body as Obj[];
      const end = at + items.length;
      const more = res.total !== null ? end < res.total && items.length > 0 : items.length === limit;
      yield { items, offset: at, next: more ? end : null, total: res.total };
      if (!more) return;
      at = end;
    }
  }

  /** All items of a list. */
  async all(path: string, query: Record<string, string | number | undefined> = {}): Promise<Obj[]> {
    const out: Obj[] = [];
    for await (const p of this.pages(path, query)) out.push(...p.items);
    return out;
  }

  private async once(method: 'GET' | 'POST', path: string, query: Record<string, string | number | undefined>, body: unknown): Promise<Answer> {
    const operation = `${method} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    const started = performance.now();
    let error: string | undefined;
    try {
      return await this.send(method, path, query, body, operation);
    } catch (e) {
      error = e instanceof BuildiumError ? e.reason : 'unexpected';
      throw e;
    } finally {
      (this.options.onCall ?? observePmsCall)({ vendor: 'BUILDIUM', service: path.split('/')[2] ?? '', method: operation, durationMs: performance.now() - started, ...(error ? { error } : {}) });
    }
  }

  private async send(method: 'GET' | 'POST', path: string, query: Record<string, string | number | undefined>, body: unknown, operation: string): Promise<Answer> {
    if (!this.paceReported) {
      await this.limiter.report(this.key, { intervalMs: this.intervalMs, blockedUntil: 0 });
      this.paceReported = true;
    }
    await this.limiter.acquire(this.key);
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v));
    const url = `${this.base}${path}${qs.size > 0 ? `?${qs.toString()}` : ''}`;
    this.calls++;
    let res: HttpExchange;
    let text: string;
    try {
      res = await this.fetchFn(url, {
        method,
        headers: body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json; charset=utf-8' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      throw networkError(e, operation, this.timeoutMs);
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers);
      // Every worker of this integration holds back: the budget is the API key's, not this call's.
      await this.limiter.report(this.key, { intervalMs: this.intervalMs, blockedUntil: Date.now() + (wait ?? this.baseBackoffMs) });
      throw httpError(429, operation, parsed, wait);
    }
    if (res.status < 200 || res.status >= 300) throw httpError(res.status, operation, parsed, retryAfterMs(res.headers));
    if (parsed === undefined && text !== '') throw new BuildiumError('protocol', 'transient', 'unknown', `Buildium answered ${operation} with a body that is not JSON`, { operation, httpStatus: res.status });
    const total = res.headers.get('x-total-count');
    return { status: res.status, body: parsed, total: total !== null && /^\d+$/.test(total.trim()) ? Number(total) : null };
  }
}
