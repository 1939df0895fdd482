import { APPOINTMENT_LENGTH_MIN, dayName, freeIntervals, localDaysBetween, MIN_LEAD_TIME, openHoursOn, SIMULTANEOUS_LIMIT, zoneAbbreviation, zonedTime } from '../calendar.ts';
import type { Property } from '../dataset/model.ts';
import { badRequest } from '../envelope.ts';
import type { Params } from '../params.ts';
import { describe, optionalDate, optionalString, requiredId } from '../params.ts';
import { NO_RECORDS } from '../profile.ts';
import type { ParsedMt } from '../time.ts';
import { addDays, calendarDateOf, compareCalendarDates, formatCalendarDate, MOUNTAIN, mtDayBounds } from '../time.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

const CATEGORY_IDS = new Set([1, 2, 3, 4]);
export const TOUR_TYPES = ['SELF_GUIDED', 'VIRTUAL_GUIDED', 'AGENT_GUIDED'] as const;

/** fromDate/toDate: MT days, at most `maxDays` inclusive of both ends (§7.4.1, §7.4.3). */
function dayRange(params: Params, maxDays: number): { from: ParsedMt; to: ParsedMt; fromMs: number; toMs: number } {
  const from = optionalDate(params, 'fromDate');
  const to = optionalDate(params, 'toDate');
  if (!from || !to) throw badRequest('"fromDate" and "toDate" are required (MM/DD/YYYY, Mountain Time).');
  const span = compareCalendarDates(to.date, from.date) / 86_400_000;
  if (span < 0) throw badRequest(`"toDate" (${formatCalendarDate(to.date)}) is before "fromDate" (${formatCalendarDate(from.date)}).`);
  if (span + 1 > maxDays) throw badRequest(`The date range may cover at most ${maxDays} days, both ends included; got ${span + 1}.`);
  return { from, to, fromMs: mtDayBounds(from.date).start, toMs: mtDayBounds(to.date).end };
}

function categories(params: Params): void {
  const raw = optionalString(params, 'calendarEventCategoryIds');
  if (raw === undefined) return;
  for (const part of raw.split(',')) {
    const n = Number(part.trim());
    if (!CATEGORY_IDS.has(n)) throw badRequest(`Invalid value for "calendarEventCategoryIds": ${describe(part.trim())} is not 1 (General), 2 (Resident), 3 (Leasing) or 4 (Maintenance).`);
  }
}

/**
 * The calendar settings (§7.4.2): the weekly hours as the next seven days of the property show
 * them, in Mountain Time with the abbreviation glued on (`09:00:00MST`).
 */
function calendarSettings(p: Property, now: number): Record<string, unknown> {
  const availability: unknown[] = [];
  const today = calendarDateOf(p.timeZone, now);
  for (let i = 0; i < 7; i++) {
    const day = addDays(today, i);
    const open = openHoursOn(p, day);
    if (!open) continue;
    availability.push({
      day: dayName(day),
      startTime: `${zonedTime(MOUNTAIN, open.startMs)}${zoneAbbreviation(MOUNTAIN, open.startMs)}`,
      endTime: `${zonedTime(MOUNTAIN, open.endMs)}${zoneAbbreviation(MOUNTAIN, open.endMs)}`,
      simultaneousAppointmentLimit: String(SIMULTANEOUS_LIMIT),
    });
  }
  return {
    propertyId: String(p.id),
    appointmentLength: APPOINTMENT_LENGTH_MIN,
    selfGuidedTourAppointmentLength: APPOINTMENT_LENGTH_MIN,
    minLeadTimeTour: MIN_LEAD_TIME.text,
    selfGuidedTourMinLeadTime: MIN_LEAD_TIME.text,
    availabilities: { availability },
    selfGuidedTourAvailabilities: { availability },
  };
}

/**
 * properties/getCalendarAvailability. r1 (§7.4.2): the calendar settings and the free hours of each
 * MT day of the range (at most 7), times in Mountain Time with the abbreviation glued on
 * (`09:00:00MDT`). r2 (§7.4.3): bookable tours of `appointmentLength` per property-local day (at
 * most 60 days), each `HH:MM ABBR - HH:MM ABBR` in the property's own zone, as one third party
 * reports real Entrata does (§7.4.6). A client must read the abbreviation on every time.
 */
export const getCalendarAvailability: MethodDef = {
  versions: ['r1', 'r2'],
  handle({ ds, params, now, version, profile }) {
    const property = accessibleProperty(ds, requiredId(params, 'propertyId'));
    if (version === 'r1') {
      categories(params);
      const range = dayRange(params, 7);
      const availableHour: unknown[] = [];
      for (const day of localDaysBetween(property.timeZone, range.fromMs, range.toMs)) {
        for (const f of freeIntervals(ds, property, day, now)) {
          const startMs = Math.max(f.startMs, range.fromMs);
          const endMs = Math.min(f.endMs, range.toMs);
          if (endMs <= startMs) continue;
          availableHour.push({
            date: formatCalendarDate(calendarDateOf(MOUNTAIN, startMs)),
            startTime: `${zonedTime(MOUNTAIN, startMs)}${zoneAbbreviation(MOUNTAIN, startMs)}`,
            endTime: `${zonedTime(MOUNTAIN, endMs)}${zoneAbbreviation(MOUNTAIN, endMs)}`,
          });
        }
      }
      return { result: { propertyCalendarSettings: calendarSettings(property, now), propertyCalendarAvailability: { availableHours: { availableHour } } } };
    }
    const tourType = optionalString(params, 'tourType') ?? 'AGENT_GUIDED';
    if (!(TOUR_TYPES as readonly string[]).includes(tourType)) throw badRequest(`Invalid value for "tourType": expected one of ${TOUR_TYPES.join(', ')}, got ${describe(tourType)}.`);
    const range = dayRange(params, 60);
    const zone = property.timeZone;
    const availableTour: Array<{ tourDate: string; tourTime: string[] }> = [];
    const step = APPOINTMENT_LENGTH_MIN * 60_000;
    for (const day of localDaysBetween(zone, range.fromMs, range.toMs)) {
      const open = openHoursOn(property, day);
      if (!open) continue;
      const tourTime: string[] = [];
      for (const f of freeIntervals(ds, property, day, now)) {
        // Slots on the grid of the opening time, each wholly free and inside the range.
        for (let s = open.startMs + Math.ceil((f.startMs - open.startMs) / step) * step; s + step <= f.endMs; s += step) {
          if (s < range.fromMs || s + step > range.toMs) continue;
          tourTime.push(`${zonedTime(zone, s, false)} ${zoneAbbreviation(zone, s)} - ${zonedTime(zone, s + step, false)} ${zoneAbbreviation(zone, s + step)}`);
        }
      }
      if (tourTime.length > 0) availableTour.push({ tourDate: `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`, tourTime });
    }
    if (availableTour.length === 0 && profile === 'spec') return { result: NO_RECORDS };
    return { result: { availableTours: { availableTour } } };
  },
};
