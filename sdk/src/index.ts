/**
 * @leasewire/sdk: typed calls for every Leasewire endpoint (types generated from /openapi.json by
 * `npm run sdk:generate`), plus what the document cannot say: the bearer key, one error type,
 * iterating all pages, waiting for a write, and checking a webhook's signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './generated/leasewire.ts';

export type { components, operations, paths } from './generated/leasewire.ts';
export type LeasewireClient = Client<paths>;

export interface LeasewireOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** e.g. http://127.0.0.1:4000 */
  baseUrl: string;
  /** An API key (lw_…), sent as Authorization: Bearer. */
  apiKey: string;
}

/** A typed client: client.GET('/v1/events/', { params: { query: { limit: 10 } } }). */
export function createLeasewire({ baseUrl, apiKey, headers, ...rest }: LeasewireOptions): LeasewireClient {
  return createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), headers: { ...(headers as Record<string, string> | undefined), Authorization: `Bearer ${apiKey}` }, ...rest });
}

/** Leasewire's error answer ({ error: { code, message, details } }) as an Error. */
export class LeasewireError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'LeasewireError';
  }

  static from(status: number, body: unknown): LeasewireError {
    const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    if (error && typeof error.message === 'string') {
      return new LeasewireError(status, typeof error.code === 'string' ? error.code : 'error', error.message, (error.details as Record<string, unknown> | undefined) ?? {});
    }
    return new LeasewireError(status, 'http_error', `HTTP ${status}: ${JSON.stringify(body ?? null).slice(0, 200)}`);
  }
}

/** The data of an openapi-fetch answer, or a LeasewireError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw LeasewireError.from(result.response.status, result.error);
  return result.data;
}

type ListPath = {
  [P in keyof paths]: paths[P] extends { get: { responses: { 200: { content: { 'application/json': { meta: { hasMore: boolean | null }; results: unknown[] } } } } } } ? P : never;
}[keyof paths];
type ListQuery<P extends ListPath> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? Omit<NonNullable<Q>, 'offset'> : never;
type ListItem<P extends ListPath> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': { results: Array<infer R> } } } } } } ? R : never;

/**
 * Every record of a list endpoint, page after page (offset paging, `limit` per page, default 250):
 * for await (const event of paginate(client, '/v1/events/', { lead_id })) …
 */
export async function* paginate<P extends ListPath>(client: LeasewireClient, path: P, query: ListQuery<P> = {} as ListQuery<P>): AsyncGenerator<ListItem<P>> {
  const limit = (query as { limit?: number }).limit ?? 250;
  const get = client.GET as unknown as (p: string, init: { params: { query: Record<string, unknown> } }) => Promise<{ data?: { meta: { hasMore: boolean | null }; results: ListItem<P>[] }; error?: unknown; response: Response }>;
  for (let offset = 0; ; ) {
    const page = unwrap(await get(path, { params: { query: { ...query, limit, offset } } }));
    for (const item of page.results) yield item;
    if (!page.meta.hasMore || page.results.length === 0) return;
    offset += page.results.length;
  }
}

export interface WaitOptions {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  /** First wait between polls (default 100 ms), doubled up to maxDelayMs (default 2 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
}

export type WriteStatus = paths['/v1/admin/write-status/{job_id}']['get']['responses'][200]['content']['application/json'];

/** Polls a write's status with exponential backoff until it is no longer PENDING. */
export async function waitForWrite(client: LeasewireClient, jobId: string, options: WaitOptions = {}): Promise<WriteStatus> {
  const { timeoutMs = 60_000, initialDelayMs = 100, maxDelayMs = 2_000, signal } = options;
  const until = Date.now() + timeoutMs;
  for (let delay = initialDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
    const status = unwrap(await client.GET('/v1/admin/write-status/{job_id}', { params: { path: { job_id: jobId } }, ...(signal ? { signal } : {}) }));
    if (status.write_status !== 'PENDING') return status;
    if (Date.now() + delay > until) throw new LeasewireError(0, 'timeout', `Write ${jobId} is still PENDING after ${timeoutMs} ms; poll GET /v1/admin/write-status/${jobId} again later.`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * Whether a webhook delivery is genuine: `propexo-signature` must be the hex HMAC-SHA256 of the
 * raw body (the exact bytes received, before JSON parsing) keyed with the webhook's secret.
 * Compared in constant time.
 */
export function verifyWebhookSignature(secret: string, rawBody: string | Uint8Array, signature: string | null | undefined): boolean {
  if (!signature || !/^[0-9a-f]+$/i.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
