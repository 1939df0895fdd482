/**
 * Entrata's JSON is a mechanical conversion of XML (reference §1.5): collections come as
 * `{"prospects":{"prospect":[…]}}`, sometimes as one object instead of a one-element array,
 * sometimes keyed by id; attributes hide in "@attributes"; ids are strings or numbers. These
 * helpers read all of those shapes so mappers can stay simple.
 */
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

let requestCounter = 0;

export function requestBody(method: string, version: string, params: Obj, authType: 'basic' | 'apikey'): string {
  requestCounter = (requestCounter + 1) % 1_000_000_000;
  return JSON.stringify({ auth: { type: authType }, requestId: String(requestCounter), method: { name: method, version, params } });
}

/**
 * `code` of a result envelope: 200 normally; a write's per-prospect failure may come with another
 * code and the reason inside `result` (§7.3.7). Null when the envelope had none.
 */
export type Envelope = { ok: true; result: unknown; code: number | null } | { ok: false; code: number; message: string };

/** Reads `{response:{code,result}}` or `{response:{error}}`, tolerating a missing `response` wrapper. */
export function readEnvelope(body: unknown): Envelope | null {
  if (!isObj(body)) return null;
  const r = isObj(body.response) ? body.response : body;
  if (isObj(r.error)) {
    const code = Number(r.error.code);
    return { ok: false, code: Number.isFinite(code) ? code : 500, message: String(r.error.message ?? 'no message') };
  }
  if ('result' in r) {
    const code = Number(r.code);
    return { ok: true, result: r.result, code: r.code === undefined || r.code === null || !Number.isFinite(code) ? null : code };
  }
  return null;
}

/**
 * The items of a collection: `container[child]` as an array, a single object, or an object keyed
 * by id (`{"18462": {…}}`). `container` may itself be the list.
 */
export function items(container: unknown, child?: string): Obj[] {
  let v = container;
  const childOf = (o: Obj): unknown => (child === undefined ? undefined : (o[child] ?? o[child.charAt(0).toUpperCase() + child.slice(1)]));
  // A list of groups, `[{"prospect":[…]}, …]` (production code reads prospects[0].prospect[0], §7.2.3).
  if (child !== undefined && Array.isArray(v) && v.some((g) => isObj(g) && childOf(g) !== undefined)) {
    return v.flatMap((g) => (isObj(g) && childOf(g) !== undefined ? items(g, child) : isObj(g) ? [g] : []));
  }
  if (child !== undefined && isObj(v)) v = childOf(v);
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.filter(isObj);
  if (!isObj(v)) return [];
  const keys = Object.keys(v);
  // Keyed by id: every key numeric and every value an object.
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k)) && keys.every((k) => isObj(v[k]))) return keys.map((k) => v[k] as Obj);
  return [v];
}

/** A field read case-insensitively from the object or its "@attributes". */
export function field(o: Obj | undefined, ...names: string[]): unknown {
  if (!o) return undefined;
  const attrs = isObj(o['@attributes']) ? o['@attributes'] : undefined;
  for (const name of names) {
    if (name in o) return o[name];
    if (attrs && name in attrs) return attrs[name];
  }
  const lower = names.map((n) => n.toLowerCase());
  for (const src of attrs ? [o, attrs] : [o]) {
    for (const [k, v] of Object.entries(src)) if (lower.includes(k.toLowerCase())) return v;
  }
  return undefined;
}

/** A string or number id as a string; empty arrays and blanks (XML's empty element) as null. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v) && v.length === 1) return str(v[0]);
  return null;
}

export function num(v: unknown): number | null {
  const s = str(v);
  if (s === null) return null;
  const n = Number(s.replace(/,/g, '').replace(/[^0-9.+-].*$/, ''));
  return Number.isFinite(n) ? n : null;
}

export function bool(v: unknown): boolean | null {
  const s = str(v)?.toLowerCase();
  if (s === undefined) return null;
  if (s === '1' || s === 'true' || s === 'yes') return true;
  if (s === '0' || s === 'false' || s === 'no') return false;
  return null;
}

export function sub(o: Obj | undefined, ...names: string[]): Obj | undefined {
  const v = field(o, ...names);
  return isObj(v) ? v : undefined;
}
