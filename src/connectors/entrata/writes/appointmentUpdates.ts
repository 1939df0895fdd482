import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appointmentDate, appointmentTime, appointmentTypes } from '../../../writes/appointmentWriteSchema.ts';
import type { StoreReader } from '../../../store/db.ts';
import type { RecordTable } from '../../../store/schema.ts';
import type { EventValidation, PersonModel, WriteIssue } from '../../connector.ts';
import type { Obj } from '../envelope.ts';
import { formatMountainDate, formatMountainTime, mountainDay } from '../time.ts';
import { APPOINTMENT_SUBTYPE, APPOINTMENT_TYPE_ID, appointmentDay, appointmentStart, MAX_APPOINTMENT_MINUTES, officeHoursProblem } from './appointments.ts';

/** Propexo's update body (§7.6.2): every appointment field optional, notes required. */
export const appointmentUpdateBody = z.strictObject({
  appointment_date: appointmentDate.optional(),
  appointment_time: appointmentTime.optional(),
  appointment_duration_minutes: z.number().int().positive('appointment_duration_minutes must be a whole number of minutes above 0').optional(),
  appointment_type: z.enum(appointmentTypes, { message: `appointment_type must be one of ${appointmentTypes.join(', ')}` }).optional(),
  notes: z.string().min(1, 'notes must have at least 1 character').max(256, 'notes must be at most 256 characters'),
  unit_id: z.string().min(1).optional(),
  title: z.string().max(50, 'title must be at most 50 characters').optional(),
});

/** An update of an existing appointment event (reschedule or cancel), JSON-safe: a job payload. */
export interface EntrataAppointmentUpdate {
  op: 'appointment_update';
  propertyId: string;
  applicationId: string;
  eventId: string;
  /** The event's own date (unchanged by the update), ISO: the read-back window needs it. */
  eventDatetime: string;
  subtypeId?: string | undefined;
  appointmentDatetime?: string | undefined;
  timeFrom?: string | undefined;
  timeTo?: string | undefined;
  comments?: string | undefined;
  title?: string | undefined;
  propertyUnitId?: string | undefined;
  eventResultId?: string | undefined;
}

export const isAppointmentUpdate = (r: Record<string, unknown>): boolean => r.op === 'appointment_update';

const wireId = (id: string): number | string => (/^\d{1,15}$/.test(id) ? Number(id) : id);

/**
 * Where `eventId` goes in updateLeads (unknown, §7.3.4–5; sandbox README "Our choices"): inside the
 * event node, next to the fields it changes. The one place this choice lives.
 */
export function placeEventId(event: Obj, eventId: string): Obj {
  return { ...event, eventId: wireId(eventId) };
}

/** updateLeads r2 params of an update: the event node carries its id and only what changes (plus type, title and comments, which Entrata wants on every event). */
export function buildAppointmentUpdateParams(u: EntrataAppointmentUpdate): Obj {
  const event: Obj = { typeId: Number(APPOINTMENT_TYPE_ID) };
  if (u.subtypeId) event.subtypeId = wireId(u.subtypeId);
  if (u.appointmentDatetime) event.appointmentDate = formatMountainDate(u.appointmentDatetime);
  if (u.timeFrom) event.timeFrom = u.timeFrom;
  if (u.timeTo) event.timeTo = u.timeTo;
  if (u.eventResultId) event.eventResultId = wireId(u.eventResultId);
  if (u.comments !== undefined) event.comments = u.comments;
  if (u.title !== undefined) event.title = u.title;
  if (u.propertyUnitId) Object.assign(event, { propertyUnitId: u.propertyUnitId, unitSpaceIds: u.propertyUnitId });
  return { propertyId: wireId(u.propertyId), prospects: { prospect: { applicationId: wireId(u.applicationId), events: { event: [placeEventId(event, u.eventId)] } } } };
}

type Internal = Record<string, unknown>;
const json = (t: string | null): Internal => (t ? (JSON.parse(t) as Internal) : {});
const clock = (v: unknown): string | null => {
  const m = typeof v === 'string' ? /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(v.trim()) : null;
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}` : null;
};

/** Whether the read event shows the update (each field sent that the read returns). */
export function updateShown(event: Obj, u: EntrataAppointmentUpdate): boolean {
  const differs = (name: string, sent: string | undefined, norm: (v: unknown) => string | null = (v) => (v === undefined || v === null ? null : String(v).trim())) =>
    sent !== undefined && event[name] !== undefined && norm(event[name]) !== norm(sent);
  if (differs('timeFrom', u.timeFrom, clock) || differs('timeTo', u.timeTo, clock)) return false;
  if (differs('eventResultId', u.eventResultId) || differs('comments', u.comments)) return false;
  if (u.appointmentDatetime && event.appointmentDate !== undefined) {
    const d = String(event.appointmentDate);
    const iso = /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : `${d.slice(6, 10)}-${d.slice(0, 2)}-${d.slice(3, 5)}`;
    if (iso !== mountainDay(u.appointmentDatetime)) return false;
  }
  return true;
}

/**
 * A reschedule (`cancel` false: new day, time, duration, type, unit, title, and the required notes)
 * or a cancel (the property's "Cancelled" appointment result) of an appointment event Leasewire
 * has synced or written, resolved to an EntrataAppointmentUpdate. Checked like a booking: the new
 * time in the future and inside the office hours.
 */
export async function validateAppointmentUpdate(
  store: StoreReader,
  integration: { id: string; account_id: string },
  model: PersonModel,
  eventId: string,
  body: Record<string, unknown>,
  cancel: boolean,
  now = Date.now(),
): Promise<EventValidation> {
  const issues: WriteIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ code: 'custom', path: [path], message });
  const db = store.readDb as unknown as Kysely<Record<string, RecordTable>>;
  const row = await db.selectFrom('events').select(['x_id', 'x_property_id', 'data', 'internal']).where('integration_id', '=', integration.id).where('id', '=', eventId).executeTakeFirst();
  if (!row) return { ok: false, issues: [{ code: 'custom', path: ['event_id'], message: `No event "${eventId}" exists in integration ${integration.id}. Use an id from GET /v1/appointments/?integration_id=${integration.id}.` }] };
  const data = json(row.data);
  if (String(data.x_type_id) !== APPOINTMENT_TYPE_ID) return { ok: false, issues: [{ code: 'custom', path: ['event_id'], message: `Event ${eventId} is not an appointment (its type is "${String(data.type_raw)}"): only appointments can be ${cancel ? 'cancelled' : 'rescheduled'}.` }] };
  const linked = model === 'leads' ? data.associated_lead_ids : data.associated_applicant_ids;
  if (Array.isArray(linked) && linked.length === 0) issue('event_id', `Event ${eventId} does not belong to ${model === 'leads' ? 'a lead' : 'an applicant'}: use the ${model === 'leads' ? 'applicants' : 'leads'} endpoint.`);
  const applicationId = String(json(row.internal).application_id ?? '');
  const propertyId = row.x_property_id ?? '';
  const u: EntrataAppointmentUpdate = { op: 'appointment_update', propertyId, applicationId, eventId: row.x_id, eventDatetime: String(data.event_datetime ?? new Date(now).toISOString()) };
  if (cancel) {
    const results = await db.selectFrom('event_results').select(['x_id', 'data', 'internal']).where('integration_id', '=', integration.id).where('x_property_id', '=', propertyId).execute();
    const cancelled = results
      .map((r) => ({ id: String(json(r.internal).entrata_result_id ?? r.x_id), name: String(json(r.data).name ?? ''), types: json(r.internal).entrata_type_ids }))
      .filter((r) => /^cancel/i.test(r.name.trim()) && (!Array.isArray(r.types) || r.types.includes(APPOINTMENT_TYPE_ID)))
      .sort((a, b) => Number(a.id) - Number(b.id))[0];
    if (!cancelled) issue('event_id', `Property ${propertyId} has no "Cancelled" result for appointments in its synced pick lists: run a sync first.`);
    else u.eventResultId = cancelled.id;
    u.comments = typeof body.notes === 'string' && body.notes.trim() !== '' ? body.notes : 'Appointment cancelled';
    u.title = typeof data.event_name === 'string' && data.event_name ? data.event_name : 'Appointment';
  } else {
    if (typeof body.notes !== 'string' || body.notes.trim() === '') issue('notes', 'notes must not be blank: Entrata requires comments on every event update.');
    const moving = body.appointment_date !== undefined || body.appointment_time !== undefined;
    if (moving && body.appointment_duration_minutes === undefined) issue('appointment_duration_minutes', 'appointment_duration_minutes is required with a new appointment_date or appointment_time: Leasewire does not know the appointment’s current length.');
    const minutes = Number(body.appointment_duration_minutes ?? 0);
    if (minutes > MAX_APPOINTMENT_MINUTES) issue('appointment_duration_minutes', `appointment_duration_minutes must be at most ${MAX_APPOINTMENT_MINUTES} (8 hours).`);
    const current = typeof data.appointment_datetime === 'string' ? Date.parse(data.appointment_datetime) : NaN;
    if (issues.length === 0 && (moving || body.appointment_duration_minutes !== undefined)) {
      if (Number.isNaN(current) && (body.appointment_date === undefined || body.appointment_time === undefined)) {
        issue('appointment_date', 'This appointment has no time on record: send both appointment_date and appointment_time.');
      } else {
        const day = body.appointment_date !== undefined ? appointmentDay(String(body.appointment_date)) : mountainDay(current);
        const time = body.appointment_time !== undefined ? String(body.appointment_time) : formatMountainTime(current);
        const start = appointmentStart(day, time);
        const end = start + minutes * 60_000;
        if (start <= now) issue('appointment_time', `${day} ${time} Mountain Time is not in the future: move the appointment to a later time.`);
        const property = await db.selectFrom('properties').select(['data']).where('integration_id', '=', integration.id).where('x_id', '=', propertyId).executeTakeFirst();
        const pdata = json(property?.data ?? null);
        const problem = officeHoursProblem(pdata.office_hours, typeof pdata.state === 'string' ? pdata.state : null, start, end);
        if (problem) issue('appointment_time', `Entrata books inside the property's office hours: ${problem}.`);
        Object.assign(u, { appointmentDatetime: new Date(start).toISOString(), timeFrom: formatMountainTime(start), timeTo: formatMountainTime(end) });
      }
    }
    if (body.appointment_type !== undefined) u.subtypeId = APPOINTMENT_SUBTYPE[body.appointment_type as keyof typeof APPOINTMENT_SUBTYPE];
    if (typeof body.unit_id === 'string') {
      const unit = await db.selectFrom('units').select(['x_id', 'x_property_id']).where('integration_id', '=', integration.id).where('id', '=', body.unit_id).executeTakeFirst();
      if (!unit || unit.x_property_id !== propertyId) issue('unit_id', `No unit "${body.unit_id}" exists at property ${propertyId}. List them with GET /v1/units/?integration_id=${integration.id}.`);
      else u.propertyUnitId = unit.x_id;
    }
    u.comments = typeof body.notes === 'string' ? body.notes : undefined;
    u.title = typeof body.title === 'string' && body.title.trim() !== '' ? body.title : typeof data.event_name === 'string' && data.event_name ? data.event_name : 'Appointment';
  }
  if (issues.length > 0) return { ok: false, issues };
  const request = Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined));
  return { ok: true, request, serialKey: `${propertyId}:${applicationId}` };
}
