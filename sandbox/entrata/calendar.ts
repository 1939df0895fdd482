import { EVENT_TYPE } from './dataset/catalog.ts';
import { eventRecordAt } from './dataset/eventRecords.ts';
import type { Dataset, Property } from './dataset/model.ts';
import type { CalendarDate } from './time.ts';
import { addDays, calendarDateOf, toWallClock, wallClockToInstant, zoneOffsetMinutes } from './time.ts';

/**
 * The property calendars behind getCalendarAvailability and the slot check of updateLeads
 * (sandbox README, "Calendars"). Office hours are the property's own (its OfficeHours, in its own
 * zone); an appointment is a "Scheduled Appointment" event (type 17) with a start and an end that
 * is not cancelled. Every property calendar takes one appointment at a time (the
 * simultaneousAppointmentLimit it reports), and a slot must start at least MIN_LEAD_TIME after now.
 */
export const APPOINTMENT_LENGTH_MIN = 30;
export const SIMULTANEOUS_LIMIT = 1;
export const MIN_LEAD_TIME = { text: '1 Hours', ms: 3_600_000 } as const;
/** Results that free an appointment's slot: the system "Cancelled" (124) and its company copy 57024. */
export const CANCELLED_RESULT_IDS: ReadonlySet<number> = new Set([124, 57_024]);

export interface Busy {
  eventId: number;
  applicationId: number;
  leasingAgentId: number | null;
  startMs: number;
  endMs: number;
}

export interface Interval {
  startMs: number;
  endMs: number;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function dayName(d: CalendarDate): string {
  return DAY_NAMES[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()]!;
}

/** '9:00 AM' → seconds since midnight. */
function clockSeconds(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})\s*(AM|PM)$/i.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]) % 12 + (m[3]!.toUpperCase() === 'PM' ? 12 : 0);
  return h * 3600 + Number(m[2]) * 60;
}

/** The property's opening hours on one of its local days, as instants; null when closed. */
export function openHoursOn(property: Property, day: CalendarDate): Interval | null {
  const hours = property.officeHours.find((h) => h.day === dayName(day));
  if (!hours || hours.openTime === null || hours.closeTime === null) return null;
  const open = clockSeconds(hours.openTime);
  const close = clockSeconds(hours.closeTime);
  if (open === null || close === null || close <= open) return null;
  const at = (secs: number) =>
    wallClockToInstant(property.timeZone, { ...day, hour: Math.floor(secs / 3600), minute: Math.floor((secs % 3600) / 60), second: 0, millisecond: 0 });
  return { startMs: at(open), endMs: at(close) };
}

/** Whether an event index is a live appointment (type 17 with a timed window, not cancelled). */
function busyAt(ds: Dataset, index: number): Busy | null {
  if (ds.events.type[index] !== EVENT_TYPE.appointment) return null;
  const e = eventRecordAt(ds, index);
  if (!e.appointment?.hasTime || e.appointment.endMs === null) return null;
  if (e.eventResultId !== null && CANCELLED_RESULT_IDS.has(e.eventResultId)) return null;
  return { eventId: e.eventId, applicationId: e.applicationId, leasingAgentId: e.leasingAgentId, startMs: e.appointment.startMs, endMs: e.appointment.endMs };
}

/** The property's live appointments overlapping [fromMs, toMs), by start. */
export function appointmentsOf(ds: Dataset, propertyId: number, fromMs: number, toMs: number): Busy[] {
  const out: Busy[] = [];
  for (const p of ds.prospectsByProperty.get(propertyId) ?? []) {
    const visit = (i: number) => {
      const b = busyAt(ds, i);
      if (b && b.startMs < toMs && b.endMs > fromMs) out.push(b);
    };
    for (let i = p.eventStart; i < p.eventStart + p.eventCount; i++) visit(i);
    for (const i of p.extraEvents ?? []) visit(i);
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.eventId - b.eventId);
}

/** The first appointment that leaves no room for [startMs, endMs) (other than `exceptEventId`). */
export function conflictOf(ds: Dataset, propertyId: number, window: Interval, exceptEventId: number | null): Busy | null {
  const overlapping = appointmentsOf(ds, propertyId, window.startMs, window.endMs).filter((b) => b.eventId !== exceptEventId);
  return overlapping.length >= SIMULTANEOUS_LIMIT ? (overlapping[0] ?? null) : null;
}

/** Open hours of the property's local day minus its appointments and the lead time. */
export function freeIntervals(ds: Dataset, property: Property, day: CalendarDate, now: number): Interval[] {
  const open = openHoursOn(property, day);
  if (!open) return [];
  let free: Interval[] = [{ startMs: Math.max(open.startMs, now + MIN_LEAD_TIME.ms), endMs: open.endMs }];
  for (const b of appointmentsOf(ds, property.id, open.startMs, open.endMs)) {
    free = free.flatMap((f) => {
      if (b.endMs <= f.startMs || b.startMs >= f.endMs) return [f];
      const parts: Interval[] = [];
      if (b.startMs > f.startMs) parts.push({ startMs: f.startMs, endMs: b.startMs });
      if (b.endMs < f.endMs) parts.push({ startMs: b.endMs, endMs: f.endMs });
      return parts;
    });
  }
  return free.filter((f) => f.endMs > f.startMs);
}

/** Local days of `zone` that overlap the instants [fromMs, toMs). */
export function localDaysBetween(zone: string, fromMs: number, toMs: number): CalendarDate[] {
  const days: CalendarDate[] = [];
  const last = calendarDateOf(zone, toMs - 1);
  for (let d = calendarDateOf(zone, fromMs); ; d = addDays(d, 1)) {
    days.push(d);
    if (d.year === last.year && d.month === last.month && d.day === last.day) break;
    if (days.length > 400) break;
  }
  return days;
}

/** US zone abbreviation of an instant in `zone` (Phoenix stays MST all year). */
export function zoneAbbreviation(zone: string, ms: number): string {
  const offset = zoneOffsetMinutes(zone, ms);
  const names: Record<number, string> = { [-240]: 'EDT', [-300]: 'EST', [-360]: 'CST', [-420]: 'MST', [-480]: 'PST', [-540]: 'AKST', [-600]: 'HST' };
  const dst: Record<number, string> = { [-240]: 'EDT', [-300]: 'CDT', [-360]: 'MDT', [-420]: 'PDT', [-480]: 'AKDT' };
  const january = zoneOffsetMinutes(zone, Date.UTC(toWallClock(zone, ms).year, 0, 15));
  const summer = offset !== january;
  return (summer ? dst[offset] : names[offset]) ?? `UTC${offset >= 0 ? '+' : '-'}${String(Math.abs(offset) / 60).padStart(2, '0')}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS` of an instant in `zone`, its abbreviation glued on (`09:00:00MST`, as §7.4.2 shows). */
export function zonedTime(zone: string, ms: number, seconds = true): string {
  const w = toWallClock(zone, ms);
  return `${pad2(w.hour)}:${pad2(w.minute)}${seconds ? `:${pad2(w.second)}` : ''}`;
}
