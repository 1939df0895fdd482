import type { Kysely } from 'kysely';
import type { ModelName } from '../../../store/models.ts';
import type { RecordTable } from '../../../store/schema.ts';
import type { EventValidation, PersonModel, WriteIssue } from '../../connector.ts';
import type { CallStatus, EntrataEventWrite } from './updateLeads.ts';

/** Fields Entrata's event endpoints take (Propexo's Entrata pages, reference §4.2). */
const commonFields = [
  'integration_id', 'event_type_id', 'event_datetime', 'event_result_id', 'event_sub_type_id', 'employee_id', 'unit_id',
  'reasons_for_event', 'notes', 'appointment_datetime', 'time_from', 'time_to', 'title',
  'call_phone_number_from', 'call_phone_number_to', 'call_status', 'call_duration', 'call_audio_link',
  'email_body', 'email_subject', 'email_from', 'email_to', 'email_cc', 'email_bcc', 'email_send',
] as const;

export function entrataEventFields(model: PersonModel): readonly string[] {
  if (model === 'leads') return ['lead_id', ...commonFields];
  if (model === 'applicants') return ['applicant_id', 'application_id', ...commonFields];
  return ['resident_id', ...commonFields];
}

/**
 * Event types Entrata records itself (applications, leases, move-ins…) cannot be written through
 * updateLeads; everything else can. Decided by Entrata's name, as the call/email kinds are (§6.7).
 */
export const isWritableTypeName = (name: string): boolean =>
  !/^(add applicant|application|lease|move[- ]?(in|out)|renewal|transfer|approved|denied|cancel)/i.test(name.trim());

type Row = Pick<RecordTable, 'id' | 'x_id' | 'x_property_id' | 'data' | 'internal'>;
type Internal = Record<string, unknown>;
const personIdField = { leads: 'lead_id', applicants: 'applicant_id', residents: 'resident_id' } as const;
const personName = { leads: 'lead', applicants: 'applicant', residents: 'resident' } as const;

const json = (text: string | null): Internal => (text ? (JSON.parse(text) as Internal) : {});
const strField = (o: Internal, k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);

/** Checks an event write against Entrata's rules and the synced store; resolves ids to Entrata's. */
export async function validateEntrataEvent(
  dbIn: Kysely<never>,
  integration: { id: string },
  model: PersonModel,
  body: Record<string, unknown>,
): Promise<EventValidation> {
  const db = dbIn as unknown as Kysely<Record<string, RecordTable>>;
  const issues: WriteIssue[] = [];
  const issue = (path: string, message: string, code = 'custom') => issues.push({ code, path: [path], message });
  const find = async (m: ModelName, id: unknown): Promise<Row | undefined> =>
    typeof id === 'string'
      ? db.selectFrom(m).select(['id', 'x_id', 'x_property_id', 'data', 'internal']).where('id', '=', id).where('integration_id', '=', integration.id).executeTakeFirst()
      : undefined;

  const idField = personIdField[model];
  if (typeof body[idField] !== 'string') {
    issue(idField, `${idField} is required: the id of the ${personName[model]} the event is for (from GET /v1/${model}/?integration_id=${integration.id}).`, 'invalid_type');
    return { ok: false, issues };
  }
  const person = await find(model, body[idField]);
  if (!person) {
    issue(idField, `No ${personName[model]} "${String(body[idField])}" exists in integration ${integration.id}. Use an id from GET /v1/${model}/?integration_id=${integration.id}.`);
    return { ok: false, issues };
  }
  const propertyXId = person.x_property_id ?? '';
  const personInternal = json(person.internal);
  let applicationId = strField(personInternal, 'application_id');
  if (model === 'applicants') {
    const apps = Array.isArray(personInternal.application_ids) ? (personInternal.application_ids as string[]) : applicationId ? [applicationId] : [];
    const wanted = body.application_id;
    if (typeof wanted === 'string') {
      if (!apps.includes(wanted)) issue('application_id', `Applicant ${person.id} has no application "${wanted}"; its applications are ${apps.join(', ') || 'none'}.`);
      applicationId = wanted;
    } else if (apps.length > 1) {
      issue('application_id', `Applicant ${person.id} has several applications (${apps.join(', ')}): send application_id to choose one.`);
    }
  }
  if (!applicationId) applicationId = person.x_id;

  const sameProperty = (r: Row | undefined) => r !== undefined && r.x_property_id === propertyXId;
  const type = await find('event_types', body.event_type_id);
  if (!sameProperty(type)) {
    issue('event_type_id', `No event type "${String(body.event_type_id)}" exists for property ${propertyXId} of this ${personName[model]}. List them with GET /v1/event-types/?integration_id=${integration.id}.`);
    return { ok: false, issues };
  }
  const typeInternal = json(type!.internal);
  const typeName = String((JSON.parse(type!.data) as Internal).name ?? '');
  // Pick-list records keep Entrata's own id in internal (their x_id may be property-qualified).
  const typeXId = strField(typeInternal, 'entrata_type_id') ?? type!.x_id;
  if (!isWritableTypeName(typeName)) {
    const all = await db.selectFrom('event_types').select(['id', 'data']).where('integration_id', '=', integration.id).where('x_property_id', '=', propertyXId).execute();
    const writable = all.map((t) => ({ id: t.id, name: String((JSON.parse(t.data) as Internal).name ?? '') })).filter((t) => isWritableTypeName(t.name));
    issue('event_type_id', `Event type "${typeName}" is recorded by Entrata itself and cannot be written. Writable types for this property: ${writable.map((t) => `${t.name} (${t.id})`).join(', ')}.`);
  }

  let subtypeId: string | undefined;
  if (body.event_sub_type_id !== undefined) {
    const s = await find('event_sub_types', body.event_sub_type_id);
    const sInternal = s ? json(s.internal) : {};
    if (!sameProperty(s)) issue('event_sub_type_id', `No event sub type "${String(body.event_sub_type_id)}" exists for property ${propertyXId}. List them with GET /v1/event-sub-types/.`);
    else if (strField(sInternal, 'entrata_type_id') !== typeXId) issue('event_sub_type_id', `Event sub type ${s!.id} belongs to another event type than "${typeName}"; pick a sub type of that type.`);
    else subtypeId = strField(sInternal, 'entrata_sub_type_id') ?? s!.x_id;
  }
  let eventResultId: string | undefined;
  if (body.event_result_id !== undefined) {
    const r = await find('event_results', body.event_result_id);
    const rInternal = r ? json(r.internal) : {};
    const typeIds = Array.isArray(rInternal.entrata_type_ids) ? (rInternal.entrata_type_ids as string[]) : [];
    if (!sameProperty(r)) issue('event_result_id', `No event result "${String(body.event_result_id)}" exists for property ${propertyXId}. List them with GET /v1/event-results/.`);
    else if (typeIds.length > 0 && !typeIds.includes(typeXId)) issue('event_result_id', `Event result ${r!.id} does not apply to event type "${typeName}"; pick a result of that type.`);
    else eventResultId = strField(rInternal, 'entrata_result_id') ?? r!.x_id;
  }
  let leasingAgentId: string | undefined;
  if (body.employee_id !== undefined) {
    const e = await find('employees', body.employee_id);
    if (!sameProperty(e)) issue('employee_id', `No leasing agent "${String(body.employee_id)}" exists at property ${propertyXId}. List them with GET /v1/employees/?integration_id=${integration.id}.`);
    else leasingAgentId = strField(json(e!.internal), 'leasing_agent_id') ?? e!.x_id;
  }
  let propertyUnitId: string | undefined;
  if (body.unit_id !== undefined) {
    const u = await find('units', body.unit_id);
    if (!sameProperty(u)) issue('unit_id', `No unit "${String(body.unit_id)}" exists at property ${propertyXId}. List them with GET /v1/units/?integration_id=${integration.id}.`);
    else propertyUnitId = u!.x_id;
  }

  const callFields = ['call_phone_number_from', 'call_phone_number_to', 'call_status', 'call_duration', 'call_audio_link'] as const;
  const isCall = typeInternal.is_call === true;
  if (isCall) {
    const missing = callFields.filter((f) => body[f] === undefined);
    for (const f of missing) issue(f, `Event type "${typeName}" is a call: send all of ${callFields.join(', ')} (missing ${missing.join(', ')}).`);
  }
  if (typeInternal.is_outgoing_email === true && body.email_from === undefined) {
    issue('email_from', `Event type "${typeName}" is an outgoing email: send email_from (the sender's address).`);
  }
  if (typeof body.email_to === 'string') {
    const primary = strField(JSON.parse(person.data) as Internal, 'email_1');
    if (!primary || primary.toLowerCase() !== body.email_to.trim().toLowerCase()) {
      issue('email_to', `email_to must be the ${personName[model]}'s primary email (${primary ?? 'none on record'}); send that address or leave email_to out.`);
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
  const hasEmail = ['email_from', 'email_to', 'email_cc', 'email_bcc', 'email_subject', 'email_body', 'email_send'].some((k) => body[k] !== undefined);
  const request: EntrataEventWrite = {
    propertyId: propertyXId,
    applicationId,
    typeId: typeXId,
    subtypeId,
    eventResultId,
    leasingAgentId,
    propertyUnitId,
    eventDatetime: new Date(Date.parse(String(body.event_datetime))).toISOString(),
    appointmentDatetime: s('appointment_datetime') ? new Date(Date.parse(s('appointment_datetime')!)).toISOString() : undefined,
    timeFrom: s('time_from'),
    timeTo: s('time_to'),
    eventReasons: s('reasons_for_event'),
    comments: s('notes'),
    title: s('title'),
    call: isCall
      ? { from: s('call_phone_number_from')!, to: s('call_phone_number_to')!, status: body.call_status as CallStatus, duration: Number(body.call_duration), audioLink: s('call_audio_link')! }
      : undefined,
    email: hasEmail
      ? { from: s('email_from'), to: s('email_to'), cc: s('email_cc'), bcc: s('email_bcc'), subject: s('email_subject'), body: s('email_body'), send: typeof body.email_send === 'boolean' ? body.email_send : undefined }
      : undefined,
  };
  return { ok: true, request: JSON.parse(JSON.stringify(request)) as Record<string, unknown>, serialKey: `${propertyXId}:${applicationId}` };
}
