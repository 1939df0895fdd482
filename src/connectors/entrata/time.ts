import { DateTime } from 'luxon';

/**
 * Entrata speaks Mountain Time (America/Denver, with DST) in every date and time it sends or
 * receives (reference §1.9). Policy (§6.4): an instant maps to exactly one MT wall-clock time; a
 * wall-clock time in the autumn overlap reads as the earlier instant (MDT); one in the spring gap
 * moves forward by the gap.
 */
export const MOUNTAIN = 'America/Denver';

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** MT wall clock → UTC ms, applying the §6.4 policy. */
export function mountainWallToInstant(w: Wall): number {
  // Every event of a sync goes through here, and Luxon's zone math costs tens of µs a call. Denver
  // changes offset only on the hour, so one offset per wall-clock hour (checked at both ends of
  // the hour) serves every time in it; an hour whose ends disagree takes the exact path.
  const key = ((w.year * 100 + w.month) * 100 + w.day) * 100 + w.hour;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const start = { ...w, minute: 0, second: 0, millisecond: 0 };
    const end = { ...w, minute: 59, second: 59, millisecond: 999 };
    const a = wallUtc(start) - exactWallToInstant(start);
    offset = a === wallUtc(end) - exactWallToInstant(end) ? a : null;
    if (hourOffsets.size >= 200_000) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset === null ? exactWallToInstant(w) : wallUtc(w) - offset;
}

const hourOffsets = new Map<number, number | null>();
const wallUtc = (w: Wall): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

function exactWallToInstant(w: Wall): number {
  // Luxon resolves a gap time forward by the gap and an overlap time to the earlier offset —
  // exactly our policy — but verify the overlap case explicitly rather than rely on it.
  const dt = DateTime.fromObject(w, { zone: MOUNTAIN });
  const ms = dt.toMillis();
  const earlier = ms - 3_600_000;
  const e = DateTime.fromMillis(earlier, { zone: MOUNTAIN });
  if (e.hour === w.hour && e.minute === w.minute && e.day === w.day && e.second === w.second) return earlier;
  return ms;
}

const reUs = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(?:(AM|PM))?\s*(MST|MDT|MT)?)?$/i;
const reIso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

export interface ParsedMountain {
  /** The instant in UTC ms (a date alone reads as MT midnight). */
  ms: number;
  /** Whether the text carried a time of day. */
  hasTime: boolean;
}

/**
 * Parses every inbound format of §6.3: `MM/DD/YYYY`, `MM/DD/YYYY HH:MM:SS[.ffffff] MST|MDT`,
 * `MM/DD/YYYYTHH:MM:SS` and `YYYY-MM-DD` (plus `YYYY-MM-DD HH:MM:SS`). A MST/MDT suffix fixes the
 * offset (-7/-6), which also settles the autumn overlap; without one the §6.4 policy applies.
 */
/** Hours, minutes, seconds and fraction from groups 4–7, which both date patterns share. */
function clockOf(m: RegExpExecArray): { h: number; mi: number; se: number; frac: string } {
  return { h: Number(m[4]), mi: Number(m[5]), se: Number(m[6] ?? 0), frac: m[7] ?? '' };
}

export function parseMountain(text: string | null | undefined): ParsedMountain | null {
  if (!text) return null;
  const s = text.trim();
  let y: number, mo: number, d: number, h = 0, mi = 0, se = 0, frac = '';
  let hasTime = false;
  let abbr: string | undefined;
  let m = reUs.exec(s);
  if (m) {
    mo = Number(m[1]);
    d = Number(m[2]);
    y = Number(m[3]);
    if (m[4] !== undefined) {
      hasTime = true;
      ({ h, mi, se, frac } = clockOf(m));
      const ampm = m[8]?.toUpperCase();
      if (ampm === 'PM' && h < 12) h += 12;
      if (ampm === 'AM' && h === 12) h = 0;
      abbr = m[9]?.toUpperCase();
    }
  } else if ((m = reIso.exec(s))) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
    if (m[4] !== undefined) {
      hasTime = true;
      ({ h, mi, se, frac } = clockOf(m));
    }
  } else return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const millisecond = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const wall = { year: y, month: mo, day: d, hour: h, minute: mi, second: se, millisecond };
  // Rejects 02/30 and the like: the UTC date of that day must be that day.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null;
  if (abbr === 'MST' || abbr === 'MDT') {
    const offsetH = abbr === 'MST' ? 7 : 6;
    return { ms: Date.UTC(y, mo - 1, d, h + offsetH, mi, se, millisecond), hasTime };
  }
  return { ms: mountainWallToInstant(wall), hasTime };
}

/** ISO UTC instant of an inbound Entrata date/date-time, or null when absent or unreadable. */
export function mountainToIso(text: string | null | undefined): string | null {
  const p = parseMountain(text);
  return p ? new Date(p.ms).toISOString() : null;
}

/** A calendar date field (`MM/DD/YYYY` or ISO) as `YYYY-MM-DD`, without any zone shift. */
export function entrataDateToIsoDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const s = text.trim();
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(s);
  if (us) return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(s);
  return iso ? (iso[1] ?? null) : null;
}

function instantMs(instant: Date | number | string): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : typeof instant === 'number' ? instant : instant.getTime();
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${String(instant)}`);
  return ms;
}

const HOUR_MS = 3_600_000;
const utcHourOffsets = new Map<number, number | null>();

/** Mountain Time's UTC offset (ms) at an instant. */
function mountainOffsetMs(ms: number): number {
  // Every write formats a few instants, and Luxon's zone math costs tens of µs each. Denver
  // changes offset only on a whole UTC hour, so one offset per UTC hour (checked at both ends of
  // the hour) serves every instant in it; an hour whose ends disagree takes the exact path.
  const hour = Math.floor(ms / HOUR_MS);
  let offset = utcHourOffsets.get(hour);
  if (offset === undefined) {
    const a = exactOffsetMs(hour * HOUR_MS);
    offset = a === exactOffsetMs(hour * HOUR_MS + HOUR_MS - 1) ? a : null;
    if (utcHourOffsets.size >= 200_000) utcHourOffsets.clear();
    utcHourOffsets.set(hour, offset);
  }
  return offset ?? exactOffsetMs(ms);
}

const exactOffsetMs = (ms: number): number => DateTime.fromMillis(ms, { zone: MOUNTAIN }).offset * 60_000;

/** The MT wall clock of an instant, read through a Date's UTC fields. */
function mtWall(instant: Date | number | string): Date {
  const ms = instantMs(instant);
  return new Date(ms + mountainOffsetMs(ms));
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');
const mdy = (d: Date): string => `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${pad4(d.getUTCFullYear())}`;
const hms = (d: Date): string => `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;

/** Outbound date-time: `MM/DD/YYYYTHH:MM:SS` in Mountain Time (§6.3). */
export function formatMountainDateTime(instant: Date | number | string): string {
  const d = mtWall(instant);
  return `${mdy(d)}T${hms(d)}`;
}

/** Outbound date: the MT calendar day of an instant, `MM/DD/YYYY`. */
export function formatMountainDate(instant: Date | number | string): string {
  return mdy(mtWall(instant));
}

/** Outbound time of day: `HH:MM:SS` in Mountain Time. */
export function formatMountainTime(instant: Date | number | string): string {
  return hms(mtWall(instant));
}

/** The MT calendar day of an instant as `YYYY-MM-DD` (for day-granular Entrata filters). */
export function mountainDay(instant: Date | number | string): string {
  const d = mtWall(instant);
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** `MM/DD/YYYY` of the MT day `days` away from the instant's MT day. */
export function mountainDateShifted(instant: Date | number | string, days: number): string {
  const d = mtWall(instant);
  // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
  const day = new Date(0);
  day.setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days);
  return mdy(day);
}
