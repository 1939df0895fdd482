// The public API, called with the signed-in key (kept in this tab's sessionStorage only).

export const KEY = 'leasewire.apiKey';

export class ApiFailure extends Error {
  constructor(status, message, details) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

export function key() {
  return sessionStorage.getItem(KEY);
}

export async function api(method, path, body) {
  const headers = { authorization: `Bearer ${key() ?? ''}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (res.status === 401) {
    sessionStorage.removeItem(KEY);
    throw new ApiFailure(401, parsed?.error?.message ?? 'The API key was refused.', {});
  }
  if (!res.ok) throw new ApiFailure(res.status, parsed?.error?.message ?? `The API answered ${res.status}.`, parsed?.error?.details ?? {});
  return parsed;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);

let openapiPaths = null;
/** The server's documented paths (GET /openapi.json needs no key): which optional endpoints exist. */
export async function documentedPaths() {
  if (!openapiPaths) {
    const res = await fetch('/openapi.json', { cache: 'no-store' });
    openapiPaths = res.ok ? Object.entries((await res.json()).paths ?? {}) : [];
  }
  return openapiPaths;
}

export async function allIntegrations() {
  return (await get('/v1/admin/integrations/?limit=250')).results;
}
