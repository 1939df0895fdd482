import { badRequest } from './envelope.ts';
import type { ParsedMt } from './time.ts';
import { mtDayBounds, parseMt } from './time.ts';

/**
 * Coercion of Entrata parameter values: ids as numbers or numeric strings, comma lists,
 * 0/1 booleans. Errors name the parameter so a client can fix its request.
 */
export type Params = Record<string, unknown>;

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

function toId(name: string, v: unknown): number {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
  if (typeof v === 'string' && /^\s*\d{1,15}\s*$/.test(v)) {
    const n = Number(v);
    if (n > 0) return n;
  }
  throw badRequest(`Invalid value for "${name}": expected a positive integer id, got ${describe(v)}.`);
}

export function describe(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function optionalId(p: Params, name: string): number | undefined {
  const v = p[name];
  return absent(v) ? undefined : toId(name, v);
}

export function requiredId(p: Params, name: string): number {
  const v = p[name];
  if (absent(v)) throw badRequest(`Missing required parameter "${name}".`);
  return toId(name, v);
}

/** `"1,2,3"`, a single id, or (leniently) a JSON array of ids. */
export function optionalIdList(p: Params, name: string): number[] | undefined {
  const v = p[name];
  if (absent(v)) return undefined;
  if (Array.isArray(v)) return v.map((x) => toId(name, x));
  if (typeof v === 'number') return [toId(name, v)];
  if (typeof v === 'string') {
    const parts = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (parts.length === 0) return undefined;
    return parts.map((s) => toId(name, s));
  }
  throw badRequest(`Invalid value for "${name}": expected comma-separated ids, got ${describe(v)}.`);
}

export function requiredIdList(p: Params, name: string): number[] {
  const ids = optionalIdList(p, name);
  if (!ids) throw badRequest(`Missing required parameter "${name}".`);
  return ids;
}

export function optionalBool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (absent(v)) return undefined;
  if (v === 1 || v === '1' || v === true || v === 'true') return true;
  if (v === 0 || v === '0' || v === false || v === 'false') return false;
  throw badRequest(`Invalid value for "${name}": expected 0 or 1, got ${describe(v)}.`);
}

export function optionalString(p: Params, name: string): string | undefined {
  const v = p[name];
  if (absent(v)) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw badRequest(`Invalid value for "${name}": expected a string, got ${describe(v)}.`);
}

export function optionalDate(p: Params, name: string): ParsedMt | undefined {
  const text = optionalString(p, name);
  if (text === undefined) return undefined;
  const parsed = parseMt(text);
  if (!parsed) {
    throw badRequest(
      `Invalid value for "${name}": expected MM/DD/YYYY (Mountain Time), MM/DD/YYYY HH:MM:SS [MST|MDT] or YYYY-MM-DD, got ${describe(text)}.`,
    );
  }
  return parsed;
}

/** A nested collection such as `{"prospect": [...]}`, whose single item may come as an object. */
export function collection(container: unknown, itemName: string, label: string): unknown[] | undefined {
  if (absent(container)) return undefined;
  if (Array.isArray(container)) return container;
  if (typeof container !== 'object' || container === null) {
    throw badRequest(`Invalid value for "${label}": expected an object with "${itemName}".`);
  }
  const items = (container as Record<string, unknown>)[itemName];
  if (absent(items)) return [];
  if (Array.isArray(items)) return items;
  if (typeof items === 'object') return [items];
  throw badRequest(`Invalid value for "${label}.${itemName}": expected an object or an array.`);
}

/** Inclusive instant bounds of a from/to pair; date-only values cover the whole MT day. */
export function instantRange(from: ParsedMt | undefined, to: ParsedMt | undefined): { from: number; to: number } {
  return {
    from: from ? from.ms : Number.NEGATIVE_INFINITY,
    to: to ? (to.hasTime ? to.ms : mtDayBounds(to.date).end - 1) : Number.POSITIVE_INFINITY,
  };
}
