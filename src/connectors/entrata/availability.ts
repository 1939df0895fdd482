import type { AvailabilityAnswer, AvailabilityCalendar, AvailabilityQuery, CalendarTypeName, ConnectorAvailability } from '../connector.ts';
import type { HttpRequestFn } from '../../lib/httpRequest.ts';
import { EntrataClient } from './client.ts';
import type { EntrataCredentials } from './credentials.ts';
import { field, items, num, str, type Obj } from './envelope.ts';
import { EntrataError } from './errors.ts';
import { sharedLimiter } from '../shared/outboundLimiter.ts';
import type { Kysely } from 'kysely';
import { formatMountainTime, mountainDay, mountainWallToInstant, MOUNTAIN } from './time.ts';

/**
 * Live availability through properties/getCalendarAvailability r1 (reference §7.4.1–2): the
 * property calendar's settings and free hours for up to 7 MT days. Propexo's Entrata days start at
 * midnight Mountain Time (§7.6.4), so the answer is in Mountain Time: the zone every booking time
 * must be sent in. Every time Entrata returns carries a zone abbreviation (`09:00:00MST`), and
 * Entrata's evidence conflicts on which zone it is (§7.4.6): each one is read by its own
 * abbreviation, never assumed; a time without one is Mountain Time, Entrata's documented rule.
 */

/** Zone abbreviations Entrata may put on a time, as UTC offsets in minutes. */
export const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600, UTC: 0, GMT: 0,
};

/** Propexo's calendar groups → Entrata's calendarEventCategoryIds (§7.4.1), same order. */
const CATEGORY_ID: Record<CalendarTypeName, number> = { GENERAL: 1, RESIDENT: 2, LEASING: 3, MAINTENANCE: 4 };

const DAY_NAMES = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

export class AvailabilityParseError extends Error {}

/**
 * An Entrata day (`MM/DD/YYYY` or `YYYY-MM-DD`) and a time with an optional zone abbreviation
 * (`09:00:00MST`, `09:00 MST`, `9:00 AM`) → the instant. Throws on anything else.
 */
export function zonedInstant(dateText: string, timeText: string): number {
  const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(dateText.trim()) ?? null;
  const iso = d ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateText.trim());
  if (!d && !iso) throw new AvailabilityParseError(`Entrata sent the day "${dateText}", which is neither MM/DD/YYYY nor YYYY-MM-DD.`);
  const [year, month, day] = d ? [Number(d[3]), Number(d[1]), Number(d[2])] : [Number(iso![1]), Number(iso![2]), Number(iso![3])];
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?\s*([A-Z]{3,4})?$/i.exec(timeText.trim());
  if (!t) throw new AvailabilityParseError(`Entrata sent the time "${timeText}", which is not HH:MM[:SS] with an optional zone.`);
  let hour = Number(t[1]);
  if (t[4]) hour = (hour % 12) + (t[4].toUpperCase() === 'PM' ? 12 : 0);
  const minute = Number(t[2]);
  const second = t[3] === undefined ? 0 : Number(t[3]);
  if (hour > 24 || minute > 59 || second > 59) throw new AvailabilityParseError(`Entrata sent the time "${timeText}", which is out of range.`);
  const zone = t[5]?.toUpperCase();
  if (zone === undefined) return mountainWallToInstant({ year, month, day, hour, minute, second, millisecond: 0 });
  const offset = ZONE_OFFSETS[zone];
  if (offset === undefined) throw new AvailabilityParseError(`Entrata sent the time "${timeText}" in a zone Leasewire does not know (${zone}).`);
  return Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
}

/** `"8 Hours"`, `"15 Minutes"`, `"1 Day"` → minutes; null when absent or unreadable. */
export function leadTimeMinutes(text: unknown): number | null {
  const m = /^\s*(\d+)\s*(minute|hour|day)s?\s*$/i.exec(str(text) ?? '');
  if (!m) return null;
  return Number(m[1]) * ({ minute: 1, hour: 60, day: 1440 } as const)[m[2]!.toLowerCase() as 'minute' | 'hour' | 'day'];
}

const addDaysIso = (iso: string, n: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const mdy = (iso: string): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const dayOfWeek = (iso: string): string => DAY_NAMES[new Date(`${iso}T00:00:00Z`).getUTCDay()]!;

/** getCalendarAvailability r1 params for a question (an inclusive range of `days` MT days). */
export function availabilityParams(q: Pick<AvailabilityQuery, 'propertyXId' | 'startDate' | 'days' | 'calendarTypes'>): Obj {
  const params: Obj = { propertyId: /^\d+$/.test(q.propertyXId) ? Number(q.propertyXId) : q.propertyXId, fromDate: mdy(q.startDate), toDate: mdy(addDaysIso(q.startDate, q.days - 1)) };
  if (q.calendarTypes && q.calendarTypes.length > 0) params.calendarEventCategoryIds = q.calendarTypes.map((t) => CATEGORY_ID[t]).join(',');
  return params;
}

const QUARTER_MS = 15 * 60_000;

/**
 * Pure: an r1 result → Propexo's availability item, every time in Mountain Time. Free hours are cut
 * into slots of `durationMinutes` (else the calendar's appointmentLength), starting on the quarter
 * hour, each wholly inside a free interval and not before `now`.
 */
export function mapAvailability(result: unknown, q: Pick<AvailabilityQuery, 'propertyXId' | 'startDate' | 'days' | 'durationMinutes' | 'now'>): AvailabilityCalendar {
  const r = (result ?? {}) as Obj;
  const settings = (field(r, 'propertyCalendarSettings') ?? {}) as Obj;
  const length = num(field(settings, 'appointmentLength'));
  const duration = q.durationMinutes ?? length ?? 30;
  const weekly = items(field(settings, 'availabilities'), 'availability');
  const free = str(field(r, 'success')) !== null ? [] : items(field(field(r, 'propertyCalendarAvailability') as Obj | undefined, 'availableHours') ?? {}, 'availableHour');
  const intervals = free.map((h) => {
    const date = str(field(h, 'date')) ?? '';
    const start = zonedInstant(date, str(field(h, 'startTime')) ?? '');
    let end = zonedInstant(date, str(field(h, 'endTime')) ?? '');
    if (end <= start) end += 86_400_000;
    return { start, end };
  });
  const days: AvailabilityCalendar['calendar_days'] = [];
  for (let i = 0; i < q.days; i++) {
    const iso = addDaysIso(q.startDate, i);
    const name = dayOfWeek(iso);
    const pattern = weekly.find((w) => (str(field(w, 'day')) ?? '').toUpperCase() === name);
    const wall = (text: string | null): string | null => (text === null ? null : formatMountainTime(zonedInstant(iso, text)));
    const limit = pattern ? num(field(pattern, 'simultaneousAppointmentLimit')) : null;
    const dayStart = mountainWallToInstant({ ...ymd(iso), hour: 0, minute: 0, second: 0, millisecond: 0 });
    const dayEnd = mountainWallToInstant({ ...ymd(addDaysIso(iso, 1)), hour: 0, minute: 0, second: 0, millisecond: 0 });
    const slots: Array<{ start: string; end: string | null }> = [];
    for (const f of intervals) {
      const from = Math.max(f.start, dayStart, q.now);
      const to = Math.min(f.end, dayEnd);
      for (let s = Math.ceil(from / QUARTER_MS) * QUARTER_MS; s + duration * 60_000 <= to; s += duration * 60_000) {
        slots.push({ start: formatMountainTime(s), end: formatMountainTime(s + duration * 60_000) });
      }
    }
    slots.sort((a, b) => a.start.localeCompare(b.start));
    days.push({
      date: iso,
      day_of_week: name,
      opening_time: pattern ? wall(str(field(pattern, 'startTime'))) : null,
      closing_time: pattern ? wall(str(field(pattern, 'endTime'))) : null,
      simultaneous_appointment_mode: limit === null ? 'UNKNOWN' : limit === 1 ? 'SINGLE' : limit > 1 ? 'MULTIPLE' : 'UNLIMITED',
      max_simultaneous_appointments: limit !== null && limit > 0 ? limit : null,
      available_slots: slots,
    });
  }
  return {
    calendar_type: 'PROPERTY_CALENDAR',
    x_agent_id: null,
    agent_first_name: null,
    agent_last_name: null,
    default_appointment_length: length,
    minimum_appointment_lead_time: leadTimeMinutes(field(settings, 'minLeadTimeTour')),
    timezone: MOUNTAIN,
    x_property_id: q.propertyXId,
    calendar_days: days,
  };
}

function ymd(iso: string): { year: number; month: number; day: number } {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/** The MT day (YYYY-MM-DD) an instant falls on: availability_start_date given as a date-time. */
export const mountainStartDay = (instant: number): string => mountainDay(instant);

export async function queryEntrataAvailability(credentials: EntrataCredentials, q: AvailabilityQuery, options: { db: Kysely<never>; fetch?: HttpRequestFn | undefined }): Promise<AvailabilityAnswer> {
  const client = new EntrataClient(credentials, {
    integrationId: q.integrationId,
    limiter: sharedLimiter(options.db),
    maxAttempts: 1,
    timeoutMs: q.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    const answer = await client.call({ service: 'properties', method: 'getCalendarAvailability', version: 'r1', params: availabilityParams(q), retry: false });
    return { ok: true, calendars: [mapAvailability(answer.result, q)] };
  } catch (e) {
    if (e instanceof EntrataError) {
      if (e.reason === 'timeout') return { ok: false, failure: 'timeout', message: `Entrata did not answer getCalendarAvailability within ${Math.round(q.timeoutMs / 1000)} s. Try again in a few seconds.` };
      return { ok: false, failure: 'pms', message: `Entrata could not give the availability: ${e.message}` };
    }
    if (e instanceof AvailabilityParseError) return { ok: false, failure: 'pms', message: `Entrata's availability answer could not be read: ${e.message}` };
    throw e;
  }
}

export const entrataAvailability: ConnectorAvailability<EntrataCredentials> = {
  byEmployee: false,
  zone: MOUNTAIN,
  query: queryEntrataAvailability,
};
