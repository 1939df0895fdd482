import { IANAZone } from 'luxon';

/** Entrata speaks Mountain Time everywhere, whatever the property's own zone (reference §1.9, §6.3). */
export const MOUNTAIN = 'America/Denver';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

// IANAZone.offset goes through Intl and costs ~10 µs; US zones only change offset on whole UTC
// hours, so caching per UTC hour is exact and makes formatting a 1M-event dataset cheap.
const offsetCaches = new Map<string, Map<number, number>>();

export function zoneOffsetMinutes(zone: string, ms: number): number {
  let cache = offsetCaches.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(zone, cache);
  }
  const hour = Math.floor(ms / HOUR_MS);
  let offset = cache.get(hour);
  if (offset === undefined) {
    if (cache.size > 500_000) cache.clear();
    offset = IANAZone.create(zone).offset(hour * HOUR_MS);
    cache.set(hour, offset);
  }
  return offset;
}

/** Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm; no Date allocation). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function toWallClock(zone: string, ms: number): WallClock & { offset: number } {
  const offset = zoneOffsetMinutes(zone, ms);
  const local = ms + offset * 60_000;
  const days = Math.floor(local / DAY_MS);
  const inDay = local - days * DAY_MS;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(inDay / HOUR_MS),
    minute: Math.floor((inDay % HOUR_MS) / 60_000),
    second: Math.floor((inDay % 60_000) / 1000),
    millisecond: inDay % 1000,
    offset,
  };
}

/**
 * Wall-clock time in `zone` → instant, with the §6.4 policy: in the autumn overlap the earlier
 * instant wins; in the spring gap the time moves forward by the gap (Temporal's "compatible").
 */
export function wallClockToInstant(zone: string, wall: WallClock): number {
  const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const before = zoneOffsetMinutes(zone, wallMs - DAY_MS);
  const offsets = new Set([before, zoneOffsetMinutes(zone, wallMs), zoneOffsetMinutes(zone, wallMs + DAY_MS)]);
  let best: number | undefined;
  for (const offset of offsets) {
    const instant = wallMs - offset * 60_000;
    if (zoneOffsetMinutes(zone, instant) === offset && (best === undefined || instant < best)) best = instant;
  }
  // No valid candidate means the wall time is inside a gap: reading it with the offset in force
  // before the gap lands the same distance past the gap's end.
  return best ?? wallMs - before * 60_000;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad3 = (n: number): string => String(n).padStart(3, '0');

function mountainAbbreviation(offset: number): string {
  return offset === -360 ? 'MDT' : 'MST';
}

/** `MM/DD/YYYY HH:MM:SS.ffffff MST|MDT`, the shape of real getLeases r2 date-times. */
export function formatMtDateTime(ms: number): string {
  const w = toWallClock(MOUNTAIN, ms);
  return (
    `${pad2(w.month)}/${pad2(w.day)}/${w.year} ${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}` +
    `.${pad3(w.millisecond)}000 ${mountainAbbreviation(w.offset)}`
  );
}

export function formatMtDate(ms: number): string {
  const w = toWallClock(MOUNTAIN, ms);
  return `${pad2(w.month)}/${pad2(w.day)}/${w.year}`;
}

export function formatMtTime(ms: number): string {
  const w = toWallClock(MOUNTAIN, ms);
  return `${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
}

/** A date-only value (lease dates, birthdays) kept as a calendar day, not an instant. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${pad2(d.month)}/${pad2(d.day)}/${d.year}`;
}

export function calendarDateOf(zone: string, ms: number): CalendarDate {
  const w = toWallClock(zone, ms);
  return { year: w.year, month: w.month, day: w.day };
}

export function addDays(d: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + days * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day);
}

export interface ParsedMt {
  /** The instant the text names; for a date without a time, the start of that MT day. */
  ms: number;
  hasTime: boolean;
  date: CalendarDate;
}

const US_FORM = /^(\d{2})\/(\d{2})\/(\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?: (MST|MDT))?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Accepts the inbound forms of §6.3: `MM/DD/YYYY`, `MM/DD/YYYYTHH:MM:SS`,
 * `MM/DD/YYYY HH:MM:SS[.ffffff] MST|MDT` (and the same without a zone), `YYYY-MM-DD`.
 * A zone abbreviation is taken literally, which is how a client names either 01:30 of the
 * autumn overlap; without one the §6.4 wall-clock policy applies.
 */
export function parseMt(text: string): ParsedMt | null {
  const s = text.trim();
  const iso = ISO_DATE.exec(s);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (!validDate(year, month, day)) return null;
    const ms = wallClockToInstant(MOUNTAIN, { year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 });
    return { ms, hasTime: false, date: { year, month, day } };
  }
  const m = US_FORM.exec(s);
  if (!m) return null;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(year, month, day)) return null;
  const date = { year, month, day };
  if (m[4] === undefined) {
    const ms = wallClockToInstant(MOUNTAIN, { ...date, hour: 0, minute: 0, second: 0, millisecond: 0 });
    return { ms, hasTime: false, date };
  }
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Math.floor(Number(m[7].padEnd(6, '0')) / 1000);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const wall = { ...date, hour, minute, second, millisecond };
  const zone = m[8];
  if (zone !== undefined) {
    const offset = zone === 'MDT' ? -360 : -420;
    const ms = Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset * 60_000;
    return { ms, hasTime: true, date };
  }
  return { ms: wallClockToInstant(MOUNTAIN, wall), hasTime: true, date };
}

/** `HH:MM:SS` or `HH:MM`, 24-hour; returns seconds since midnight. */
export function parseTimeOfDay(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
  if (h > 23 || mi > 59 || s > 59) return null;
  return h * 3600 + mi * 60 + s;
}

/** Start of the MT calendar day `date` and the start of the following one. */
export function mtDayBounds(date: CalendarDate): { start: number; end: number } {
  const next = addDays(date, 1);
  const midnight = { hour: 0, minute: 0, second: 0, millisecond: 0 };
  return {
    start: wallClockToInstant(MOUNTAIN, { ...date, ...midnight }),
    end: wallClockToInstant(MOUNTAIN, { ...next, ...midnight }),
  };
}
