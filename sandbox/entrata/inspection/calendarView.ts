import { APPOINTMENT_LENGTH_MIN, appointmentsOf, freeIntervals, localDaysBetween, MIN_LEAD_TIME, openHoursOn, SIMULTANEOUS_LIMIT } from '../calendar.ts';
import type { Dataset } from '../dataset/model.ts';
import { formatCalendarDate } from '../time.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `/__sandbox/calendars/:propertyId`: the property's calendar between two instants, in UTC ISO
 * instants (no zone to guess): its zone and settings, each local day's opening hours and free
 * intervals, and the appointments (with their leasing agent: an agent's calendar is the
 * appointments naming that agent).
 */
export function calendarView(ds: Dataset, propertyId: number, fromMs: number, toMs: number, now: number): Record<string, unknown> | null {
  const property = ds.propertyById.get(propertyId);
  if (!property) return null;
  const appointments = appointmentsOf(ds, propertyId, fromMs, toMs);
  const agents = (ds.agentsByProperty.get(propertyId) ?? []).map((a) => ({
    leasingAgentId: a.id,
    name: `${a.firstName} ${a.lastName}`,
    appointments: appointments.filter((b) => b.leasingAgentId === a.id).map((b) => b.eventId),
  }));
  return {
    propertyId,
    timeZone: property.timeZone,
    appointmentLengthMinutes: APPOINTMENT_LENGTH_MIN,
    simultaneousAppointmentLimit: SIMULTANEOUS_LIMIT,
    minLeadTime: MIN_LEAD_TIME.text,
    days: localDaysBetween(property.timeZone, fromMs, toMs).map((day) => {
      const open = openHoursOn(property, day);
      return {
        date: formatCalendarDate(day),
        open: open ? { start: iso(open.startMs), end: iso(open.endMs) } : null,
        free: freeIntervals(ds, property, day, now).map((f) => ({ start: iso(f.startMs), end: iso(f.endMs) })),
      };
    }),
    appointments: appointments.map((b) => ({ eventId: b.eventId, applicationId: b.applicationId, leasingAgentId: b.leasingAgentId, start: iso(b.startMs), end: iso(b.endMs) })),
    agents,
  };
}
