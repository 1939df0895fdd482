import { expect } from 'vitest';
import { BuildiumSpecValidator } from '../spec/validator.ts';
import type { BuildiumSandboxHandle, RecordedRequest } from '../index.ts';
import { operations } from '../server.ts';

export const validator = new BuildiumSpecValidator();

/** The spec's template and method for a concrete path, e.g. /v1/applicants/7/notes → /v1/applicants/{applicantId}/notes. */
export function templateOf(method: string, path: string): string | null {
  // Static segments win over parameters (/v1/leases/tenants is not /v1/leases/{leaseId}), as in routing.
  const byStatic = [...operations].sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
  for (const op of byStatic) {
    if (op.method !== method) continue;
    const re = new RegExp(`^${op.path.replace(/\{\w+\}/g, '[^/]+')}$`);
    if (re.test(path)) return op.path;
  }
  return null;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * Calls the sandbox and checks the answer against Buildium's schemas: the declared schema of that
 * status, or ApiErrorResponse for statuses the spec leaves undeclared (429, 5xx).
 */
export async function call(sb: BuildiumSandboxHandle, method: 'GET' | 'POST', pathAndQuery: string, options: { body?: unknown; auth?: boolean; contentType?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.auth !== false) Object.assign(headers, { 'x-buildium-client-id': sb.clientId, 'x-buildium-client-secret': sb.secret });
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const res = await fetch(`${sb.url}${pathAndQuery}`, { method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
  const text = await res.text();
  const body: unknown = text === '' ? undefined : JSON.parse(text);
  const [path = ''] = pathAndQuery.split('?');
  const template = templateOf(method, path);
  if (template) {
    const declared = validator.operation(method, template).responses[String(res.status)];
    const problems = declared ? validator.response(method, template, res.status, body) : validator.component('ApiErrorResponse', body);
    expect(problems, `${method} ${pathAndQuery} → ${res.status}`).toEqual([]);
  } else {
    expect(validator.component('ApiErrorResponse', body), `${method} ${pathAndQuery} → ${res.status}`).toEqual([]);
  }
  return { status: res.status, headers: res.headers, body };
}

/**
 * Every recorded exchange against Buildium's spec: the request's query parameters and body (what a
 * client such as the connector sent), and, when the sandbox recorded it, the answer's body.
 */
export function expectSpecExchanges(list: readonly RecordedRequest[]): void {
  for (const r of list) {
    const at = `${r.method} ${r.path}?${r.query} → ${r.status ?? r.outcome}`;
    expect(r.template, at).not.toBeNull();
    const template = r.template as string;
    const problems = [...validator.query(r.method, template, new URLSearchParams(r.query)), ...(r.method === 'POST' ? validator.requestBody(r.method, template, r.body) : [])];
    if (r.status !== null && r.response !== undefined) {
      const declared = validator.operation(r.method, template).responses[String(r.status)];
      problems.push(...(declared ? validator.response(r.method, template, r.status, r.response) : validator.component('ApiErrorResponse', r.response)));
    }
    expect(problems, at).toEqual([]);
  }
}
