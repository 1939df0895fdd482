import { sql, type Kysely } from 'kysely';
import { readArraysCompiledOnce } from '../../../store/compiledOnce.ts';
import type { StoreReader } from '../../../store/db.ts';
import type { ModelName } from '../../../store/models.ts';
import { pointShapes, readPoint } from '../../../store/repositories/pointReads.ts';
import type { RecordTable } from '../../../store/schema.ts';
import type { EventValidation, PersonModel, WriteIssue } from '../../connector.ts';
import { commentsFor, EARLIEST_DATE, FUTURE_TOLERANCE_MS, LATEST_APPOINTMENT, titleFor } from '../choices.ts';
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

/**
 * Entrata's appointment type: system id 17, named "Appointment" by Entrata (reference §2.13, the
 * parent of the sub types 453/454/525/560 in §2.5), whatever name the company shows for it.
 */
export const isAppointmentType = (entrataTypeId: string, entrataName: string): boolean =>
  entrataTypeId === '17' || /^appointment$/i.test(entrataName.trim());

/** What an event type demands of a write beyond the common fields (the type as Entrata classifies it). */
export interface TypeKind {
  name: string;
  isCall: boolean;
  isOutgoingEmail: boolean;
  isAppointment: boolean;
  /** The type's sub types (name and our id), listed when a sub type is required but missing. */
  subTypes: ReadonlyArray<{ id: string; name: string }>;
}

const callFields = ['call_phone_number_from', 'call_phone_number_to', 'call_status', 'call_duration', 'call_audio_link'] as const;
/** Entrata trims these texts and refuses a blank one as missing (sandbox updateLeads, §6.6). */
const blank = (v: unknown): boolean => v === undefined || (typeof v === 'string' && v.trim() === '');
const example = { appointment_datetime: '2024-01-16T10:00:00-07:00', time_to: '10:30:00' };

/**
 * The per-type rules Entrata applies to an updateLeads event (§4 "Documented requirements", §6.6
 * per-prospect failures, the sandbox's updateLeads), checked here so that a write Entrata would
 * refuse is a 400 now rather than a FAILURE later. Pure: `body` has passed the schema already.
 */
export function typeRequirements(kind: TypeKind, body: Record<string, unknown>): WriteIssue[] {
  const issues: WriteIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ code: 'custom', path: [path], message });
  const type = `Event type "${kind.name}"`;
  if (kind.isCall) {
    const missing = callFields.filter((f) => blank(body[f]));
    for (const f of missing) issue(f, `${type} is a call: send all of ${callFields.join(', ')} (missing ${missing.join(', ')}; a blank value counts as missing).`);
    const link = body.call_audio_link;
    if (typeof link === 'string' && !blank(link) && (!/^https?:\/\/\S+$/i.test(link.trim()) || !URL.canParse(link.trim()))) {
      issue('call_audio_link', `${type} is a call: call_audio_link must be an http(s) URL of the recording, e.g. https://calls.example.com/1.mp3 (Entrata refuses other links).`);
    }
  }
  if (kind.isOutgoingEmail && blank(body.email_from)) {
    issue('email_from', `${type} is an outgoing email: send email_from (the sender's address).`);
  }
  if (kind.isAppointment) {
    if (body.event_sub_type_id === undefined) {
      const choices = kind.subTypes.length > 0 ? `one of ${kind.subTypes.map((s) => `${s.name} (${s.id})`).join(', ')}` : 'one of its sub types (none is synced for this property yet: run a sync first)';
      issue('event_sub_type_id', `${type} is an appointment: Entrata requires its sub type. Send event_sub_type_id, ${choices}.`);
    }
    if (body.appointment_datetime === undefined) {
      issue('appointment_datetime', `${type} is an appointment: Entrata requires its date and start. Send appointment_datetime (ISO 8601 with an offset, e.g. ${example.appointment_datetime}); time_from defaults to its Mountain Time.`);
    }
    if (body.time_to === undefined) {
      issue('time_to', `${type} is an appointment: Entrata requires its end time. Send time_to (HH:MM:SS, Mountain Time wall clock, e.g. ${example.time_to}).`);
    }
  } else if (body.appointment_datetime === undefined) {
    // Entrata takes appointment times only with the appointment's date (sandbox: "timeFrom"/"timeTo" need "appointmentDate").
    for (const f of ['time_from', 'time_to'] as const) {
      if (body[f] !== undefined) issue(f, `${f} is a time of the appointment's day: send appointment_datetime with it (Entrata takes appointment times only with a date), or leave ${f} out.`);
    }
  }
  return issues;
}

/**
 * Dates Entrata cannot take, refused before anything is queued (choices.ts): an event dated after
 * Entrata's "now" (beyond the clock-skew tolerance), and any date outside the years Entrata's
 * MM/DD/YYYY carries. Pure: `now` is the acceptance time.
 */
export function dateIssues(body: Record<string, unknown>, now: number): WriteIssue[] {
  const issues: WriteIssue[] = [];
  const earliest = Date.parse(EARLIEST_DATE);
  const check = (f: 'event_datetime' | 'appointment_datetime', latest: number, latestText: string) => {
    if (typeof body[f] !== 'string') return;
    const at = Date.parse(body[f]);
    if (Number.isNaN(at)) return;
    if (at < earliest || at > latest) {
      issues.push({ code: 'custom', path: [f], message: `${f} ${body[f]} is outside the dates Entrata takes: send an instant from ${EARLIEST_DATE} to ${latestText}.` });
    }
  };
  const latestEvent = now + FUTURE_TOLERANCE_MS;
  if (typeof body.event_datetime === 'string' && Date.parse(body.event_datetime) > latestEvent && Date.parse(body.event_datetime) <= Date.parse(LATEST_APPOINTMENT)) {
    issues.push({
      code: 'custom',
      path: ['event_datetime'],
      message: `event_datetime ${body.event_datetime} is in the future: Entrata refuses events dated after its current time (Mountain Time). Send the time the event happened (now at the latest); an appointment's future time goes in appointment_datetime.`,
    });
  } else check('event_datetime', latestEvent, 'now');
  check('appointment_datetime', Date.parse(LATEST_APPOINTMENT), LATEST_APPOINTMENT);
  return issues;
}

type Row = Pick<RecordTable, 'id' | 'x_id' | 'x_property_id' | 'data' | 'internal'>;
type Internal = Record<string, unknown>;
const personIdField = { leads: 'lead_id', applicants: 'applicant_id', residents: 'resident_id' } as const;
const personName = { leads: 'lead', applicants: 'applicant', residents: 'resident' } as const;

const json = (text: string | null): Internal => (text ? (JSON.parse(text) as Internal) : {});
const strField = (o: Internal, k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);

/** What the write names, looked up in one statement: tag → (table, body field). */
const lookups = [
  { tag: 'type', table: 'event_types', field: 'event_type_id' },
  { tag: 'sub', table: 'event_sub_types', field: 'event_sub_type_id' },
  { tag: 'result', table: 'event_results', field: 'event_result_id' },
  { tag: 'employee', table: 'employees', field: 'employee_id' },
  { tag: 'unit', table: 'units', field: 'unit_id' },
] as const satisfies ReadonlyArray<{ tag: string; table: ModelName; field: string }>;
type Tag = 'person' | (typeof lookups)[number]['tag'];

/** A named record as a point read (PostgreSQL): its columns after the id, as Row holds them. */
const namedShape = pointShapes('integration_id', ['x_id', 'x_property_id', 'data', 'internal']);

/**
 * The person and every record the body names, by id within the integration. SQLite: one UNION
 * ALL statement through the store's prepared reader, its SQL compiled once per combination of
 * fields. PostgreSQL: point reads, which share their statements with the other writes being
 * validated in the same turn (pointReads.ts): one round trip per table for a burst of writes.
 */
async function findNamed(store: StoreReader, integrationId: string, model: PersonModel, body: Record<string, unknown>): Promise<Map<Tag, Row>> {
  const wanted: Array<{ tag: Tag; table: ModelName; id: string }> = [{ tag: 'person', table: model, id: body[personIdField[model]] as string }];
  for (const l of lookups) {
    const id = body[l.field];
    if (typeof id === 'string') wanted.push({ tag: l.tag, table: l.table, id });
  }
  if (store.dialect === 'postgres' && store.read) {
    const source = { db: store.readDb, dialect: store.dialect, read: store.read };
    const found = await Promise.all(wanted.map((w) => readPoint(source, namedShape(w.table), integrationId, w.id)));
    const named = new Map<Tag, Row>();
    found.forEach((row, i) => {
      if (!row) return;
      const [x_id, x_property_id, data, internal] = row as [string, string | null, string, string | null];
      named.set(wanted[i]!.tag, { id: wanted[i]!.id, x_id, x_property_id, data, internal });
    });
    return named;
  }
  const slots = wanted.flatMap((w) => [w.id, integrationId]);
  const db = store.readDb as unknown as Kysely<Record<string, RecordTable>>;
  type Columns = [Tag, string, string, string | null, string, string | null];
  const rows = await readArraysCompiledOnce<Columns>(store, `entrata-write-lookup|${wanted.map((w) => `${w.tag}:${w.table}`).join(',')}`, slots, (slot) => {
    const part = (w: (typeof wanted)[number], i: number) =>
      db
        .selectFrom(w.table)
        .select([sql.lit(w.tag).as('k'), 'id', 'x_id', 'x_property_id', 'data', 'internal'])
        .where('id', '=', slot(2 * i))
        .where('integration_id', '=', slot(2 * i + 1));
    let q = part(wanted[0]!, 0);
    for (let i = 1; i < wanted.length; i++) q = q.unionAll(part(wanted[i]!, i));
    return q;
  });
  return new Map(rows.map(([k, id, x_id, x_property_id, data, internal]) => [k, { id, x_id, x_property_id, data, internal }]));
}

/** Checks an event write against Entrata's rules and the synced store; resolves ids to Entrata's. */
export async function validateEntrataEvent(
  store: StoreReader,
  integration: { id: string; account_id: string },
  model: PersonModel,
  body: Record<string, unknown>,
): Promise<EventValidation> {
  const db = store.readDb as unknown as Kysely<Record<string, RecordTable>>;
  const issues: WriteIssue[] = [];
  const issue = (path: string, message: string, code = 'custom') => issues.push({ code, path: [path], message });

  const idField = personIdField[model];
  if (typeof body[idField] !== 'string') {
    issue(idField, `${idField} is required: the id of the ${personName[model]} the event is for (from GET /v1/${model}/?integration_id=${integration.id}).`, 'invalid_type');
    return { ok: false, issues };
  }
  // The generic routes leave these to the PMS (Propexo's generic bodies require only integration_id); Entrata needs them.
  if (typeof body.event_type_id !== 'string') issue('event_type_id', `event_type_id is required for Entrata: an event type of the property (GET /v1/event-types/?integration_id=${integration.id}).`, 'invalid_type');
  if (typeof body.event_datetime !== 'string') issue('event_datetime', 'event_datetime is required for Entrata: an ISO 8601 date-time with an offset, e.g. 2024-01-15T09:30:00-07:00.', 'invalid_type');
  if (typeof body.notes === 'string' && body.notes.length > 256) issue('notes', 'notes must be at most 256 characters for Entrata.', 'too_big');
  if (issues.length > 0) return { ok: false, issues };
  const named = await findNamed(store, integration.id, model, body);
  const person = named.get('person');
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
  const type = named.get('type');
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
    const s = named.get('sub');
    const sInternal = s ? json(s.internal) : {};
    if (!sameProperty(s)) issue('event_sub_type_id', `No event sub type "${String(body.event_sub_type_id)}" exists for property ${propertyXId}. List them with GET /v1/event-sub-types/.`);
    else if (strField(sInternal, 'entrata_type_id') !== typeXId) issue('event_sub_type_id', `Event sub type ${s!.id} belongs to another event type than "${typeName}"; pick a sub type of that type.`);
    else subtypeId = strField(sInternal, 'entrata_sub_type_id') ?? s!.x_id;
  }
  let eventResultId: string | undefined;
  if (body.event_result_id !== undefined) {
    const r = named.get('result');
    const rInternal = r ? json(r.internal) : {};
    const typeIds = Array.isArray(rInternal.entrata_type_ids) ? (rInternal.entrata_type_ids as string[]) : [];
    if (!sameProperty(r)) issue('event_result_id', `No event result "${String(body.event_result_id)}" exists for property ${propertyXId}. List them with GET /v1/event-results/.`);
    else if (typeIds.length > 0 && !typeIds.includes(typeXId)) issue('event_result_id', `Event result ${r!.id} does not apply to event type "${typeName}"; pick a result of that type.`);
    else eventResultId = strField(rInternal, 'entrata_result_id') ?? r!.x_id;
  }
  let leasingAgentId: string | undefined;
  if (body.employee_id !== undefined) {
    const e = named.get('employee');
    if (!sameProperty(e)) issue('employee_id', `No leasing agent "${String(body.employee_id)}" exists at property ${propertyXId}. List them with GET /v1/employees/?integration_id=${integration.id}.`);
    else leasingAgentId = strField(json(e!.internal), 'leasing_agent_id') ?? e!.x_id;
  }
  let propertyUnitId: string | undefined;
  if (body.unit_id !== undefined) {
    const u = named.get('unit');
    if (!sameProperty(u)) issue('unit_id', `No unit "${String(body.unit_id)}" exists at property ${propertyXId}. List them with GET /v1/units/?integration_id=${integration.id}.`);
    else propertyUnitId = u!.x_id;
  }

  const isCall = typeInternal.is_call === true;
  const appointment = isAppointmentType(typeXId, strField(typeInternal, 'entrata_name') ?? '');
  const subTypes = appointment && body.event_sub_type_id === undefined ? await subTypesOf(db, integration, type!.id) : [];
  for (const i of typeRequirements({ name: typeName, isCall, isOutgoingEmail: typeInternal.is_outgoing_email === true, isAppointment: appointment, subTypes }, body)) issues.push(i);
  if (typeof body.email_to === 'string') {
    const primary = strField(JSON.parse(person.data) as Internal, 'email_1');
    if (!primary || primary.toLowerCase() !== body.email_to.trim().toLowerCase()) {
      issue('email_to', `email_to must be the ${personName[model]}'s primary email (${primary ?? 'none on record'}); send that address or leave email_to out.`);
    }
  }
  const now = Date.now();
  const eventAt = Date.parse(String(body.event_datetime));
  for (const i of dateIssues(body, now)) issues.push(i);
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
    // Within the clock-skew tolerance a time ahead of ours is sent as the time we accepted it.
    eventDatetime: new Date(Math.min(eventAt, now)).toISOString(),
    appointmentDatetime: s('appointment_datetime') ? new Date(Date.parse(s('appointment_datetime')!)).toISOString() : undefined,
    timeFrom: s('time_from'),
    timeTo: s('time_to'),
    eventReasons: s('reasons_for_event'),
    comments: commentsFor(s('notes'), titleFor(s('title'), typeName)),
    title: titleFor(s('title'), typeName),
    call: isCall
      ? { from: s('call_phone_number_from')!, to: s('call_phone_number_to')!, status: body.call_status as CallStatus, duration: Number(body.call_duration), audioLink: s('call_audio_link')! }
      : undefined,
    email: hasEmail
      ? { from: s('email_from'), to: s('email_to'), cc: s('email_cc'), bcc: s('email_bcc'), subject: s('email_subject'), body: s('email_body'), send: typeof body.email_send === 'boolean' ? body.email_send : undefined }
      : undefined,
  };
  return { ok: true, request: definedOnly(request), serialKey: `${propertyXId}:${applicationId}` };
}

/** The request without its undefined fields (as JSON would carry it), one level of nesting deep. */
function definedOnly(o: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? definedOnly(v as object) : v;
  }
  return out;
}

/** The sub types of an event type at its property (event_sub_types.event_type_id is an indexed column). */
async function subTypesOf(db: Kysely<Record<string, RecordTable>>, integration: { id: string; account_id: string }, typeId: string): Promise<Array<{ id: string; name: string }>> {
  const rows = await db
    .selectFrom('event_sub_types')
    .select(['id', 'data'])
    .where('account_id', '=', integration.account_id)
    .where('event_type_id', '=', typeId)
    .where('integration_id', '=', integration.id)
    .orderBy('x_id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: String((JSON.parse(r.data) as Internal).name ?? '') }));
}
