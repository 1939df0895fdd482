import type { AvailabilityCalendar } from '../connectors/connector.ts';

/**
 * A few seconds of memory per (integration, property, window, duration, calendars): a scheduler
 * polling availability costs the PMS one call per window per TTL, not one per poll. Only answers
 * are kept, never failures. A write that books, moves or cancels an appointment in this process
 * forgets the property's entries (forgetAvailability); one made by another process is seen within
 * TTL_MS.
 */
export const AVAILABILITY_TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;
const entries = new Map<string, { until: number; calendars: AvailabilityCalendar[] }>();

export const availabilityKey = (parts: { integrationId: string; propertyXId: string; startDate: string; days: number; durationMinutes?: number | undefined; calendarTypes?: readonly string[] | undefined }): string =>
  JSON.stringify([parts.integrationId, parts.propertyXId, parts.startDate, parts.days, parts.durationMinutes ?? null, [...(parts.calendarTypes ?? [])].sort()]);

export function cachedAvailability(key: string, now: number): AvailabilityCalendar[] | undefined {
  const hit = entries.get(key);
  if (!hit) return undefined;
  if (hit.until <= now) {
    entries.delete(key);
    return undefined;
  }
  return hit.calendars;
}

export function rememberAvailability(key: string, calendars: AvailabilityCalendar[], now: number): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(key, { until: now + AVAILABILITY_TTL_MS, calendars });
}

/** Drops every entry of an integration (a write changed one of its calendars). */
export function forgetAvailability(integrationId: string): void {
  const prefix = JSON.stringify([integrationId]).slice(0, -1);
  for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
}
