/**
 * The Entrata write path's choices where the public record is thin, each in one place so that
 * correcting one against a real tenant is a one-line change. Evidence: the reference's §7
 * (Entrata's published model via generated clients, recorded traffic, production integrations);
 * the full list, with what the sandbox's `spec` profile does for each, is in
 * sandbox/entrata/README.md ("Our choices").
 */

/**
 * The read that finds a written event again. getLeadEvents' published model has no `comments`,
 * `eventReasons` or `callData` (§7.1.2); getLeads' events carry them (§7.2.2), so matching can
 * compare the notes and the call. getLeads needs `eventTypeIds` (at most 5) to return events at all.
 */
export const READ_BACK = { service: 'leads', method: 'getLeads' } as const;

/**
 * The read that syncs events, for the same reason: with getLeadEvents a synced event would lose
 * its notes if Entrata answers as its published model says. It costs the same number of calls
 * on a full sync. getLeads' fromDate/toDate filter applications, not events, so an incremental
 * sync first asks getLeadEvents (event types and an event date range: only applications with
 * such events) which applications and types changed, then reads those with getLeads (sync.ts).
 */
export const EVENTS_READ = READ_BACK;

/**
 * updateLeads wants a `title` and non-empty `comments` on every event in practice (§7.3.6, one
 * production integration's comments). When the caller gives none: the title is the event type's
 * name; the notes are the title.
 */
export function titleFor(given: string | undefined, typeName: string): string {
  return given !== undefined && given.trim() !== '' ? given : typeName;
}
export function commentsFor(given: string | undefined, title: string): string {
  return given !== undefined && given.trim() !== '' ? given : title;
}

/*
 * Which event nodes carry the agent and the unit is unknown for updateLeads (§7.3.3): our §6.2
 * guesses `leasingAgentId`/`propertyUnitId`; production sendLeads bodies use `agentId` and
 * `unitSpaceIds`. Entrata ignores keys it does not know (§7.3.2), so an event carries both pairs
 * (writes/updateLeads.ts buildUpdateLeadsParams) until a tenant shows which one it reads.
 */

/**
 * Entrata refuses event dates after its current Mountain Time (§7.3.8). A write dated later than
 * this much ahead of our clock is refused at once (a 400 naming event_datetime); one within it
 * (clock skew between the caller and us) is sent as the time we accepted it.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * The instants a date Entrata is sent may take: four-digit years Entrata's MM/DD/YYYY can carry,
 * after the time zones settled (America/Denver's rules before 1883 were local mean time).
 */
export const EARLIEST_DATE = '1900-01-01T00:00:00.000Z';
export const LATEST_APPOINTMENT = '2099-12-31T23:59:59.999Z';
