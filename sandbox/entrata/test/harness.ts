import type { SandboxHandle, StartSandboxOptions } from '../index.ts';
import { startSandbox } from '../index.ts';

// Tests walk deep, method-specific JSON shapes; typing each one would bury the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type GatewayKind = 'basic' | 'apikey' | 'legacy';

export interface CallOptions {
  version?: string | null;
  gateway?: GatewayKind;
  query?: string;
  requestId?: string | number;
  /** Override the credential headers (e.g. wrong password). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

export interface Harness {
  sb: SandboxHandle;
  basicAuth: string;
  /** Calls `service/method` with valid credentials unless overridden. */
  call(service: string, method: string, params?: unknown, opts?: CallOptions): Promise<CallResult>;
  /** POSTs a raw body to a gateway path. */
  raw(path: string, body: string, headers?: Record<string, string>): Promise<CallResult>;
  /** Inspection API request; `body` is JSON-encoded. */
  inspect(method: string, path: string, body?: unknown): Promise<CallResult>;
  close(): Promise<void>;
}

async function toResult(res: Response): Promise<CallResult> {
  const text = await res.text();
  let body: Json = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export async function startHarness(options: StartSandboxOptions = {}): Promise<Harness> {
  const sb = await startSandbox({ quiet: true, ...options });
  const { info } = sb;
  const basicAuth = `Basic ${Buffer.from(`${info.username}:${info.password}`).toString('base64')}`;
  const raw = async (path: string, body: string, headers: Record<string, string> = {}): Promise<CallResult> =>
    toResult(await fetch(`${sb.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }));
  return {
    sb,
    basicAuth,
    raw,
    async call(service, method, params = {}, opts = {}) {
      const gateway = opts.gateway ?? 'basic';
      const base = gateway === 'apikey' ? `/ext/orgs/${info.subdomain}/v1` : gateway === 'legacy' ? '/api' : '/api/v1';
      const auth: Record<string, string> = gateway === 'apikey' ? { 'X-Api-Key': info.apiKey } : { Authorization: basicAuth };
      const methodNode: Record<string, unknown> = { name: method, params };
      if (opts.version !== null) methodNode.version = opts.version ?? 'r1';
      const body = JSON.stringify({ auth: { type: gateway === 'apikey' ? 'apikey' : 'basic' }, requestId: opts.requestId ?? 1, method: methodNode });
      const res = await fetch(`${sb.url}${base}/${service}${opts.query ? `?${opts.query}` : ''}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...(opts.headers ?? auth) },
        signal: opts.signal,
      });
      return toResult(res);
    },
    async inspect(method, path, body) {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      return toResult(await fetch(`${sb.url}${path}`, init));
    },
    close: () => sb.close(),
  };
}

/** `response.result` of a successful call, failing the test with the envelope otherwise. */
export function resultOf(r: CallResult): Json {
  if (r.status !== 200 || r.body?.response?.code !== 200) {
    throw new Error(`expected success, got HTTP ${r.status}: ${r.text.slice(0, 400)}`);
  }
  return r.body.response.result;
}

export function errorOf(r: CallResult): { code: number; message: string } {
  const error = r.body?.response?.error;
  if (!error) throw new Error(`expected an envelope error, got HTTP ${r.status}: ${r.text.slice(0, 400)}`);
  return error;
}
