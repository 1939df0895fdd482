import { badRequest, ApiFailure } from './errors.ts';
import type { Obj } from './dataset/model.ts';

/**
 * The list conventions of Buildium's guide: `limit` (default 50; above 1000 → 1000) and zero-based
 * `offset`, both case-sensitive (a differently cased name is a 404); `orderby` on any property of
 * the returned object, comma-separated, each optionally "asc"/"desc" (property names are not
 * case-sensitive); the total in X-Total-Count.
 */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

export function integerParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(name, `${name} must be an integer (got "${v}").`);
  return Number(v);
}

/** Array parameters may repeat (`propertyids=1&propertyids=2`) or be comma-separated. */
export function listParam(q: URLSearchParams, name: string): string[] {
  return q.getAll(name).flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

export function integerList(q: URLSearchParams, name: string): number[] | undefined {
  const values = listParam(q, name);
  if (values.length === 0) return undefined;
  for (const v of values) if (!/^\d+$/.test(v)) throw badRequest(name, `${name} must be a list of integers (got "${v}").`);
  return values.map(Number);
}

export function enumList(q: URLSearchParams, name: string, allowed: readonly string[]): string[] | undefined {
  const values = listParam(q, name);
  if (values.length === 0) return undefined;
  for (const v of values) {
    if (!allowed.some((a) => a.toLowerCase() === v.toLowerCase())) throw badRequest(name, `${name} accepts ${allowed.join(', ')} (got "${v}").`);
  }
  return values.map((v) => allowed.find((a) => a.toLowerCase() === v.toLowerCase()) as string);
}

/** A date-time filter as epoch ms; a value without a zone is taken as UTC (Buildium works in UTC). */
export function instantParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(v) || !v.includes('T') ? v : `${v}Z`;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(withZone) ? `${withZone}T00:00:00Z` : withZone);
  if (Number.isNaN(ms)) throw badRequest(name, `${name} must be a date-time such as 2026-01-31T00:00:00Z (got "${v}").`);
  return ms;
}

export function dateParam(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw badRequest(name, `${name} must be a date such as 2026-01-31 (got "${v}").`);
  return v;
}

export function inWindow(updated: string, from: number | undefined, to: number | undefined): boolean {
  const ms = Date.parse(updated);
  return (from === undefined || ms >= from) && (to === undefined || ms <= to);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function sortKeys(orderby: string | null): Array<{ key: string; desc: boolean }> {
  if (orderby === null || orderby.trim() === '') return [];
  return orderby.split(',').map((part) => {
    const [key = '', dir = 'asc', extra] = part.trim().split(/\s+/);
    if (extra !== undefined || !/^(asc|desc)$/i.test(dir) || !/^[A-Za-z][A-Za-z0-9]*$/.test(key)) {
      throw badRequest('orderby', `orderby takes "Property [asc|desc]" items separated by commas (got "${part.trim()}").`);
    }
    return { key, desc: dir.toLowerCase() === 'desc' };
  });
}

function property(message: Obj, key: string): unknown {
  const k = Object.keys(message).find((name) => name.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : message[k];
}

/** One page of `rows` (already filtered) and the total, as Buildium's list endpoints answer. */
export function page<T extends { message: Obj }>(q: URLSearchParams, rows: readonly T[]): { items: Obj[]; total: number } {
  for (const name of q.keys()) {
    if ((name.toLowerCase() === 'limit' || name.toLowerCase() === 'offset') && name !== name.toLowerCase()) {
      throw new ApiFailure(404, 'NotFound', `Unknown parameter "${name}": limit and offset are case-sensitive (lower case).`);
    }
  }
  const requested = integerParam(q, 'limit');
  const limit = requested === undefined || requested <= 0 ? DEFAULT_LIMIT : Math.min(requested, MAX_LIMIT);
  const offset = integerParam(q, 'offset') ?? 0;
  if (offset < 0) throw badRequest('offset', 'offset must be 0 or more.');
  const keys = sortKeys(q.get('orderby'));
  for (const k of keys) {
    const sample = rows[0];
    if (sample && property(sample.message, k.key) === undefined && !Object.keys(sample.message).some((n) => n.toLowerCase() === k.key.toLowerCase())) {
      throw badRequest('orderby', `orderby: the returned object has no property "${k.key}".`);
    }
  }
  const sorted = keys.length === 0 ? rows : [...rows].sort((a, b) => {
    for (const k of keys) {
      const c = compare(property(a.message, k.key), property(b.message, k.key));
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
  return { items: sorted.slice(offset, offset + limit).map((r) => r.message), total: rows.length };
}
