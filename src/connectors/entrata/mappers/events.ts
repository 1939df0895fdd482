import type { EventData } from '../../../domain/event.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { field, items, str, sub, type Obj } from '../envelope.ts';
import { mountainToIso, parseMountain } from '../time.ts';
import { idOf, type MapContext } from './common.ts';

/** Who an application is in Leasewire: the person records (by model) its events belong to. */
export interface People {
  leads: string[];
  applicants: string[];
  residents: string[];
}

export interface EventMapContext extends MapContext {
  /** applicationId → the x_ids of the lead / applicant / resident records of that application. */
  peopleOf(applicationId: string): People | undefined;
  /** Leasing agent id → name, from the property's pick list. */
  agentName(agentId: string): string | null;
}

/** leads/getLeadEvents → `result.prospects.prospect[]` each with `events.event[]` (§2.3). */
export function eventRecords(result: unknown): Array<{ applicationId: string; event: Obj }> {
  return items(field(result as Obj, 'prospects'), 'prospect').flatMap((p) => {
    const applicationId = str(field(p, 'applicationId'));
    return applicationId ? items(field(p, 'events'), 'event').map((event) => ({ applicationId, event })) : [];
  });
}

/** appointmentDate (+ timeFrom) in Mountain Time → ISO UTC instant. */
export function appointmentInstant(e: Obj): string | null {
  const date = str(field(e, 'appointmentDate'));
  if (!date) return null;
  const from = str(field(e, 'timeFrom'));
  const day = parseMountain(date);
  if (!day) return null;
  if (!from) return new Date(day.ms).toISOString();
  const d = new Date(day.ms + 12 * 3_600_000); // noon UTC of that day is still the same MT day
  const mmddyyyy = `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
  return mountainToIso(`${mmddyyyy}T${from}`);
}

export function mapEvent(ctx: EventMapContext, propertyXId: string, applicationId: string, e: Obj): RecordInput {
  const xId = str(field(e, 'eventId', 'id'));
  if (!xId) throw new Error(`an Entrata event of application ${applicationId} without eventId`);
  const people = ctx.peopleOf(applicationId);
  const ids = (model: 'leads' | 'applicants' | 'residents'): string[] => (people?.[model] ?? []).map((x) => idOf(ctx, model, x));
  const lead = ids('leads');
  const applicant = ids('applicants');
  const resident = ids('residents');
  const agentId = str(field(e, 'leasingAgentId'));
  const type = str(field(e, 'type'));
  const callData = sub(e, 'callData');
  const data: EventData = {
    x_leasing_agent_id: agentId,
    x_type_id: str(field(e, 'typeId')),
    x_location_id: null,
    event_name: str(field(e, 'title')) ?? type,
    event_datetime: mountainToIso(str(field(e, 'date'))),
    appointment_datetime: appointmentInstant(e),
    type_raw: type,
    notes: str(field(e, 'comments', 'comment')),
    agent_name: str(field(e, 'leasingAgent', 'agentName')) ?? (agentId ? ctx.agentName(agentId) : null),
    reasons_for_event: str(field(e, 'eventReasons', 'eventReason')),
    associated_lead_ids: lead,
    associated_applicant_ids: applicant,
    associated_resident_ids: resident,
  };
  return {
    x_id: xId,
    x_property_id: propertyXId,
    property_id: idOf(ctx, 'properties', propertyXId),
    data,
    internal: {
      application_id: applicationId,
      sub_type_id: str(field(e, 'subtypeId')),
      event_result_id: str(field(e, 'eventResultId')),
      event_result: str(field(e, 'eventResult')),
      unit_id: str(field(e, 'propertyUnitId')),
      time_from: str(field(e, 'timeFrom')),
      time_to: str(field(e, 'timeTo')),
      call_id: str(field(callData, 'callId')),
    },
    links: { lead, applicant, resident },
  };
}
