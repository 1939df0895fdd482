import type { ModelName } from '../../../store/models.ts';
import { idOfRecord } from '../../../store/repositories/records.ts';

export type Obj = Record<string, unknown>;

export interface MapContext {
  integrationId: string;
}

export const idOf = (ctx: MapContext, model: ModelName, xId: string): string => idOfRecord(ctx.integrationId, model, xId, null);

export const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
export const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => typeof x === 'object' && x !== null) : []);
export const idStr = (v: unknown): string | null => (typeof v === 'number' && Number.isInteger(v) ? String(v) : null);

export type PhoneKind = 'FAX' | 'HOME' | 'MOBILE' | 'OTHER' | 'WORK';

/** Buildium's PhoneNumberMessage.Type → Propexo's phone type. */
const phoneKinds: Record<string, PhoneKind> = { Home: 'HOME', Personal: 'HOME', Office: 'WORK', Cell: 'MOBILE', Fax: 'FAX', Other: 'OTHER', NotSet: 'OTHER' };

export function phones(list: unknown): { phone_1: string | null; phone_1_type: PhoneKind | null; phone_2: string | null; phone_2_type: PhoneKind | null } {
  const present = arr(list).flatMap((p) => {
    const n = str(p.Number);
    return n ? [[n, phoneKinds[String(p.Type)] ?? 'OTHER'] as const] : [];
  });
  return { phone_1: present[0]?.[0] ?? null, phone_1_type: present[0]?.[1] ?? null, phone_2: present[1]?.[0] ?? null, phone_2_type: present[1]?.[1] ?? null };
}

/** AddressMessage → our address fields. Country is Buildium's enum name (UnitedStates). */
export function address(a: unknown): { address_1: string | null; address_2: string | null; city: string | null; state: string | null; zip: string | null; country: string | null } {
  const o = obj(a);
  const line2 = [str(o?.AddressLine2), str(o?.AddressLine3)].filter((s): s is string => s !== null).join(', ');
  const country = str(o?.Country);
  return {
    address_1: str(o?.AddressLine1),
    address_2: line2 === '' ? null : line2,
    city: str(o?.City),
    state: str(o?.State),
    zip: str(o?.PostalCode),
    country: country === 'UnitedStates' ? 'US' : country,
  };
}

export const fullName = (first: unknown, last: unknown): string | null => {
  const name = [str(first), str(last)].filter((s): s is string => s !== null).join(' ');
  return name === '' ? null : name;
};

/** An ISO instant from Buildium (UTC, sometimes without the Z) normalized to ISO with Z. */
export function instant(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export const cents = (n: number | null): number | null => (n === null ? null : Math.round(n * 100));
