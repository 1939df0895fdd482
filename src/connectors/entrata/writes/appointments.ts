import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appointmentFields } from '../../../writes/appointmentWriteSchema.ts';
import type { StoreReader } from '../../../store/db.ts';
import type { RecordTable } from '../../../store/schema.ts';
import type { EventValidation, PersonModel, VendorEventEndpoint, WriteIssue } from '../../connector.ts';
import { propertyZone } from '../propertyZone.ts';
import { formatMountainTime, mountainDay, mountainWallToInstant } from '../time.ts';
import { validateEntrataEvent } from './rules.ts';

/** Propexo's appointment_type → Entrata's sub type under "Scheduled Appointment" (17), §7.6.5. */
export const APPOINTMENT_SUBTYPE = { LEASING_APPOINTMENT: '453', SELF_GUIDED_TOUR: '560', TOUR: '454', VIRTUAL_TOUR: '525' } as const;
export const APPOINTMENT_TYPE_ID = '17';
/** The longest appointment Leasewire books (Entrata states none; a day's office hours are shorter). */
export const MAX_APPOINTMENT_MINUTES = 480;

const id = (what: string) => z.string().min(1, `${what} must not be empty`);
const leadBody = z.strictObject({ lead_id: id('lead_id'), ...appointmentFields });
const applicantBody = z.strictObject({ applicant_id: id('applicant_id'), application_id: id('application_id'), ...appointmentFields });

export const appointmentVendorEndpoints: readonly VendorEventEndpoint[] = [
  { model: 'leads', summary: 'Create an appointment for a lead in Entrata', body: leadBody },
  { model: 'applicants', summary: 'Create an appointment for an applicant in Entrata', body: applicantBody },
];

const commonFields = ['integration_id', 'appointment_date', 'appointment_time', 'appointment_duration_minutes', 'appointment_type', 'notes', 'unit_id', 'title'] as const;
export function appointmentFieldsOf(model: PersonModel): readonly string[] {
  if (model === 'leads') return ['lead_id', ...commonFields];
  if (model === 'applicants') return ['applicant_id', 'application_id', ...commonFields];
  return [];
}

type Internal = Record<string, unknown>;
const json = (t: string | null): Internal => (t ? (JSON.parse(t) as Internal) : {});
const personTable = { leads: 'leads', applicants: 'applicants', residents: 'residents' } as const;
const personIdField = { leads: 'lead_id', applicants: 'applicant_id', residents: 'resident_id' } as const;

/** '9:00 AM', '09:00', '18:00:00' → minutes since midnight. */
function clockMinutes(text: unknown): number | null {
  const m = typeof text === 'string' ? /^(\d{1,2}):(\d{2})(?::\d{2})?\s*(AM|PM)?$/i.exec(text.trim()) : null;
  if (!m) return null;
  const h = m[3] ? (Number(m[1]) % 12) + (m[3].toUpperCase() === 'PM' ? 12 : 0) : Number(m[1]);
  return h * 60 + Number(m[2]);
}

/** The MT day of appointment_date: YYYY-MM-DD as given, a date-time's day in Mountain Time. */
export function appointmentDay(text: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : mountainDay(Date.parse(text));
}

/** The instant of an MT day and HH:MM:SS (Entrata's wall clock, §6.4 DST policy). */
export function appointmentStart(day: string, time: string): number {
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number];
  return mountainWallToInstant({ year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)), hour: h, minute: mi, second: s, millisecond: 0 });
}

/**
 * Whether [start, end) lies inside the property's office hours on its own local day (synced
 * `office_hours`, in the zone its state keeps). Pure. null: fine, or not checkable (no hours
 * synced, a state Leasewire cannot place, hours it cannot read); else the problem, said plainly.
 */
export function officeHoursProblem(officeHours: unknown, state: string | null, start: number, end: number): string | null {
  const zone = propertyZone(state);
  if (!zone || !Array.isArray(officeHours) || officeHours.length === 0) return null;
  const local = DateTime.fromMillis(start, { zone });
  const day = local.toFormat('cccc').toUpperCase();
  const hours = (officeHours as Internal[]).find((h) => String(h.day_of_week).toUpperCase() === day);
  const where = `${local.toFormat('cccc d LLLL yyyy')} (${zone})`;
  if (!hours) return `the office is closed on ${where}`;
  const open = clockMinutes(hours.open_time);
  const close = clockMinutes(hours.close_time);
  if (open === null || close === null) return null;
  const from = local.hour * 60 + local.minute;
  const to = from + Math.round((end - start) / 60_000);
  if (from < open || to > close) {
    const mt = (ms: number) => formatMountainTime(ms).slice(0, 5);
    const openAt = local.startOf('day').plus({ minutes: open }).toMillis();
    const closeAt = local.startOf('day').plus({ minutes: close }).toMillis();
    return `${mt(start)}–${mt(end)} Mountain Time is outside the office hours on ${where}: ${String(hours.open_time)}–${String(hours.close_time)} local, ${mt(openAt)}–${mt(closeAt)} Mountain Time`;
  }
  return null;
}

/** Issues of the event rules, told in the appointment's own field names. */
const fieldOfEventIssue: Record<string, string> = {
  event_type_id: 'appointment_type', event_sub_type_id: 'appointment_type', appointment_datetime: 'appointment_date', time_from: 'appointment_time', time_to: 'appointment_duration_minutes', event_datetime: 'appointment_date',
};

/**
 * A booking: checked (type, duration, a start in the future, inside the office hours), then
 * turned into the Scheduled Appointment event Entrata takes (§7.3.2): `date` now in MT, the
 * appointment in appointmentDate/timeFrom/timeTo, the type as its sub type, and checked again by
 * the event rules (person, unit, application). Whether the slot is free is Entrata's to say when
 * the write is made: a taken slot is a FAILURE naming it.
 */
export async function validateEntrataAppointment(
  store: StoreReader,
  integration: { id: string; account_id: string },
  model: PersonModel,
  body: Record<string, unknown>,
  now = Date.now(),
): Promise<EventValidation> {
  const issues: WriteIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ code: 'custom', path: [path], message });
  if (model === 'residents') return { ok: false, issues: [{ code: 'custom', path: ['resident_id'], message: 'Entrata books appointments for leads and applicants only.' }] };
  const required = ['appointment_date', 'appointment_time', 'appointment_duration_minutes', 'appointment_type', 'notes', personIdField[model], ...(model === 'applicants' ? ['application_id'] : [])];
  for (const f of required) if (body[f] === undefined) issue(f, `${f} is required for an Entrata appointment.`);
  if (typeof body.notes === 'string' && body.notes.trim() === '') issue('notes', 'notes must not be blank: Entrata requires the event’s comments.');
  const minutes = body.appointment_duration_minutes;
  if (typeof minutes === 'number' && minutes > MAX_APPOINTMENT_MINUTES) issue('appointment_duration_minutes', `appointment_duration_minutes must be at most ${MAX_APPOINTMENT_MINUTES} (8 hours).`);
  if (issues.length > 0) return { ok: false, issues };

  const day = appointmentDay(String(body.appointment_date));
  const start = appointmentStart(day, String(body.appointment_time));
  const end = start + Number(minutes) * 60_000;
  if (start <= now) {
    issue('appointment_time', `${day} ${String(body.appointment_time)} Mountain Time is not in the future (now is ${mountainDay(now)} ${formatMountainTime(now)} MT): book a later time.`);
    return { ok: false, issues };
  }
  const db = store.readDb as unknown as Kysely<Record<string, RecordTable>>;
  const person = await db.selectFrom(personTable[model]).select(['x_property_id']).where('integration_id', '=', integration.id).where('id', '=', String(body[personIdField[model]])).executeTakeFirst();
  const propertyXId = person?.x_property_id ?? null;
  let typeId: string | undefined;
  let subTypeId: string | undefined;
  if (propertyXId !== null) {
    const property = await db.selectFrom('properties').select(['data']).where('integration_id', '=', integration.id).where('x_id', '=', propertyXId).executeTakeFirst();
    if (property) {
      const data = json(property.data);
      const problem = officeHoursProblem(data.office_hours, typeof data.state === 'string' ? data.state : null, start, end);
      if (problem) issue('appointment_time', `Entrata books inside the property's office hours: ${problem}. Pick a slot from POST /v1/appointment-availability/entrata/.`);
    }
    const types = await db.selectFrom('event_types').select(['id', 'x_id', 'internal']).where('integration_id', '=', integration.id).where('x_property_id', '=', propertyXId).execute();
    const type = types.find((t) => (json(t.internal).entrata_type_id ?? t.x_id) === APPOINTMENT_TYPE_ID);
    typeId = type?.id;
    if (type) {
      const wanted = APPOINTMENT_SUBTYPE[body.appointment_type as keyof typeof APPOINTMENT_SUBTYPE];
      const subs = await db.selectFrom('event_sub_types').select(['id', 'x_id', 'internal']).where('integration_id', '=', integration.id).where('x_property_id', '=', propertyXId).execute();
      subTypeId = subs.find((s) => (json(s.internal).entrata_sub_type_id ?? s.x_id) === wanted && json(s.internal).entrata_type_id === APPOINTMENT_TYPE_ID)?.id;
      if (!subTypeId) issue('appointment_type', `Property ${propertyXId} has no "${String(body.appointment_type)}" appointment sub type (${wanted}) in its synced pick lists: run a sync, or choose another appointment_type.`);
    } else {
      issue('appointment_type', `Property ${propertyXId} has no Scheduled Appointment event type (17) in its synced pick lists: run a sync first.`);
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const event: Record<string, unknown> = {
    integration_id: body.integration_id,
    [personIdField[model]]: body[personIdField[model]],
    ...(model === 'applicants' ? { application_id: body.application_id } : {}),
    // The person may be unknown here (no property): the event rules say so in their words.
    event_type_id: typeId ?? '',
    ...(subTypeId ? { event_sub_type_id: subTypeId } : {}),
    event_datetime: new Date(now).toISOString(),
    appointment_datetime: new Date(start).toISOString(),
    time_from: formatMountainTime(start),
    time_to: formatMountainTime(end),
    notes: body.notes,
    ...(body.title !== undefined ? { title: body.title } : {}),
    ...(body.unit_id !== undefined ? { unit_id: body.unit_id } : {}),
  };
  const verdict = await validateEntrataEvent(store, integration, model, event);
  if (verdict.ok) return verdict;
  return { ok: false, issues: verdict.issues.map((i) => ({ ...i, path: i.path.map((p) => (typeof p === 'string' ? (fieldOfEventIssue[p] ?? p) : p)) })) };
}
