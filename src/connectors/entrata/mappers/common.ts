import type { ModelName } from '../../../store/models.ts';
import { idOfRecord } from '../../../store/repositories/records.ts';

/** What every mapper needs besides the Entrata record: our integration id, to name related records. */
export interface MapContext {
  integrationId: string;
}

/**
 * Our id of the record an Entrata id names. Pick-list items and leasing agents are listed per
 * property (the store's `perProperty` models): their x_id stays Entrata's own id and the property
 * completes the identity, so pass `propertyXId` for those (it is ignored for the others).
 */
export const idOf = (ctx: MapContext, model: ModelName, xId: string, propertyXId: string | null = null): string =>
  idOfRecord(ctx.integrationId, model, xId, propertyXId);

/** US state (or territory) → IANA zone of most of its area; Entrata has no zone field (§2.8). */
const zones: Record<string, string> = {
  AL: 'America/Chicago', AK: 'America/Anchorage', AZ: 'America/Phoenix', AR: 'America/Chicago', CA: 'America/Los_Angeles',
  CO: 'America/Denver', CT: 'America/New_York', DE: 'America/New_York', DC: 'America/New_York', FL: 'America/New_York',
  GA: 'America/New_York', HI: 'Pacific/Honolulu', ID: 'America/Boise', IL: 'America/Chicago', IN: 'America/Indiana/Indianapolis',
  IA: 'America/Chicago', KS: 'America/Chicago', KY: 'America/New_York', LA: 'America/Chicago', ME: 'America/New_York',
  MD: 'America/New_York', MA: 'America/New_York', MI: 'America/Detroit', MN: 'America/Chicago', MS: 'America/Chicago',
  MO: 'America/Chicago', MT: 'America/Denver', NE: 'America/Chicago', NV: 'America/Los_Angeles', NH: 'America/New_York',
  NJ: 'America/New_York', NM: 'America/Denver', NY: 'America/New_York', NC: 'America/New_York', ND: 'America/Chicago',
  OH: 'America/New_York', OK: 'America/Chicago', OR: 'America/Los_Angeles', PA: 'America/New_York', RI: 'America/New_York',
  SC: 'America/New_York', SD: 'America/Chicago', TN: 'America/Chicago', TX: 'America/Chicago', UT: 'America/Denver',
  VT: 'America/New_York', VA: 'America/New_York', WA: 'America/Los_Angeles', WV: 'America/New_York', WI: 'America/Chicago',
  WY: 'America/Denver', PR: 'America/Puerto_Rico', GU: 'Pacific/Guam', VI: 'America/St_Thomas',
};

export function zoneForState(state: string | null): string | null {
  return state ? (zones[state.trim().toUpperCase()] ?? null) : null;
}

export type PhoneKind = 'FAX' | 'HOME' | 'MOBILE' | 'OTHER' | 'WORK';

/** The first two non-empty phones in order of preference, with their types. */
export function twoPhones(candidates: Array<[string | null, PhoneKind]>): { phone_1: string | null; phone_1_type: PhoneKind | null; phone_2: string | null; phone_2_type: PhoneKind | null } {
  const present = candidates.filter((c): c is [string, PhoneKind] => c[0] !== null);
  return {
    phone_1: present[0]?.[0] ?? null,
    phone_1_type: present[0]?.[1] ?? null,
    phone_2: present[1]?.[0] ?? null,
    phone_2_type: present[1]?.[1] ?? null,
  };
}

export function phoneKind(name: string | null): PhoneKind {
  const n = (name ?? '').toLowerCase();
  if (n.includes('mobile') || n.includes('cell')) return 'MOBILE';
  if (n.includes('home') || n.includes('personal') || n.includes('primary')) return 'HOME';
  if (n.includes('office') || n.includes('work') || n.includes('business')) return 'WORK';
  if (n.includes('fax')) return 'FAX';
  return 'OTHER';
}

export const cents = (n: number | null): number | null => (n === null ? null : Math.round(n * 100));
