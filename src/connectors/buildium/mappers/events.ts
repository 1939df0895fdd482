import type { EventData } from '../../../domain/event.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { fullName, idOf, idStr, instant, obj, str, type MapContext, type Obj } from './common.ts';

/**
 * Buildium's three kinds of leasing events, each its own list: notes on an applicant, notes on a
 * lease tenant, and phone logs. Their ids come from different lists, so our x_id carries the kind
 * ("applicant_note:51234"); x_type_id is the kind and event_name says it in words, so a Propexo
 * client reads "Applicant note", "Resident note" or "Phone call" where Entrata gives its type name.
 */
export const eventKinds = {
  applicant_note: { name: 'Applicant note', raw: 'ApplicantNote' },
  tenant_note: { name: 'Resident note', raw: 'TenantNote' },
  phone_log: { name: 'Phone call', raw: 'PhoneLog' },
} as const;
export type EventKind = keyof typeof eventKinds;

export const eventXId = (kind: EventKind, buildiumId: string | number): string => `${kind}:${buildiumId}`;

export function parseEventXId(xId: string): { kind: EventKind; id: string } | null {
  const m = /^(applicant_note|tenant_note|phone_log):(\d+)$/.exec(xId);
  return m ? { kind: m[1] as EventKind, id: m[2] as string } : null;
}

function base(kind: EventKind, agent: Obj | null, at: string | null, notes: string | null, reason: string | null): Omit<EventData, 'associated_applicant_ids' | 'associated_resident_ids'> {
  return {
    x_leasing_agent_id: idStr(agent?.Id),
    x_type_id: kind,
    x_location_id: null,
    event_name: eventKinds[kind].name,
    event_datetime: at,
    appointment_datetime: null,
    type_raw: eventKinds[kind].raw,
    notes,
    agent_name: agent ? fullName(agent.FirstName, agent.LastName) : null,
    reasons_for_event: reason,
    associated_lead_ids: [],
  };
}

/**
 * NoteMessage of an applicant (owner 'applicant') or a tenant (owner 'resident') → event. A note's
 * only time is its last update (LastUpdatedByUser.UpdatedDateTime); the property is its person's.
 */
export function mapNote(ctx: MapContext, owner: 'applicant' | 'resident', personXId: string, propertyXId: string | null, n: Obj): RecordInput {
  const id = idStr(n.Id);
  if (!id) throw new Error(`a Buildium note of ${owner} ${personXId} without Id`);
  const kind: EventKind = owner === 'applicant' ? 'applicant_note' : 'tenant_note';
  const by = obj(n.LastUpdatedByUser);
  const personId = idOf(ctx, owner === 'applicant' ? 'applicants' : 'residents', personXId);
  const data: EventData = {
    ...base(kind, by, instant(by?.UpdatedDateTime), str(n.Note), null),
    associated_applicant_ids: owner === 'applicant' ? [personId] : [],
    associated_resident_ids: owner === 'resident' ? [personId] : [],
  };
  return {
    x_id: eventXId(kind, id),
    x_property_id: propertyXId,
    property_id: propertyXId ? idOf(ctx, 'properties', propertyXId) : null,
    data,
    internal: { note_id: id, person_x_id: personXId },
    links: { lead: [], applicant: owner === 'applicant' ? [personId] : [], resident: owner === 'resident' ? [personId] : [] },
  };
}

/** The tenant a phone log is about, when it is about a tenant (Buildium also logs calls with owners and vendors). */
export function phoneLogTenant(l: Obj): string | null {
  const p = obj(l.Participant);
  const resources = Array.isArray(p?.EntityResources) ? (p.EntityResources as Obj[]) : [];
  return resources.some((r) => r?.Type === 'RentalTenant') ? idStr(p?.EntityId) : null;
}

/** PhoneLogMessage with a tenant participant → event of that resident. */
export function mapPhoneLog(ctx: MapContext, tenantXId: string, propertyXId: string | null, l: Obj): RecordInput {
  const id = idStr(l.Id);
  if (!id) throw new Error('a Buildium phone log without Id');
  const residentId = idOf(ctx, 'residents', tenantXId);
  const data: EventData = {
    ...base('phone_log', obj(l.LoggedByStaffUser), instant(l.CallDateTime), str(l.Description), str(l.Subject)),
    associated_applicant_ids: [],
    associated_resident_ids: [residentId],
  };
  const agreement = obj(obj(l.Participant)?.UnitAgreement);
  return {
    x_id: eventXId('phone_log', id),
    x_property_id: propertyXId,
    property_id: propertyXId ? idOf(ctx, 'properties', propertyXId) : null,
    data,
    internal: { phone_log_id: id, person_x_id: tenantXId, unit_agreement_id: idStr(agreement?.Id), unit_agreement_type: str(agreement?.Type) },
    links: { lead: [], applicant: [], resident: [residentId] },
  };
}
