import type { Obj } from '../envelope.ts';
import { field, str } from '../envelope.ts';
import { eventRecords } from '../mappers/events.ts';
import { formatMountainDate, formatMountainDateTime, formatMountainTime, mountainDateShifted, parseMountain } from '../time.ts';

/** Propexo's call_status → the text Entrata shows (§6.5). */
export const callStatusText = {
  ANSWER: 'Answered',
  NO_ANSWER: 'Unanswered',
  VOICEMAIL: 'Voicemail Left',
  BUSY: 'Busy',
  ABANDONED: 'Abandoned',
  DISCONNECTED: 'Disconnected',
  FAILURE_TO_CONNECT: 'Failure To Connect',
} as const;
export type CallStatus = keyof typeof callStatusText;

/** One event to write, with every reference already resolved to Entrata ids (JSON-safe: it is a job payload). */
export interface EntrataEventWrite {
  propertyId: string;
  applicationId: string;
  typeId: string;
  subtypeId?: string | undefined;
  eventResultId?: string | undefined;
  leasingAgentId?: string | undefined;
  propertyUnitId?: string | undefined;
  /** ISO instant. */
  eventDatetime: string;
  appointmentDatetime?: string | undefined;
  /** HH:MM:SS, Mountain Time wall clock, as the client gave them. */
  timeFrom?: string | undefined;
  timeTo?: string | undefined;
  eventReasons?: string | undefined;
  comments?: string | undefined;
  title?: string | undefined;
  call?: { from: string; to: string; status: CallStatus; duration: number; audioLink: string } | undefined;
  email?: {
    from?: string | undefined;
    to?: string | undefined;
    cc?: string | undefined;
    bcc?: string | undefined;
    subject?: string | undefined;
    body?: string | undefined;
    send?: boolean | undefined;
  } | undefined;
}

const defined = (o: Record<string, unknown>): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Obj;

/** leads/updateLeads r2 params in the nested form (§6.1), times in Mountain Time (§6.3–6.4). */
export function buildUpdateLeadsParams(w: EntrataEventWrite): Obj {
  const appointment = w.appointmentDatetime;
  const event = defined({
    typeId: w.typeId,
    subtypeId: w.subtypeId,
    eventResultId: w.eventResultId,
    date: formatMountainDateTime(w.eventDatetime),
    eventReasons: w.eventReasons,
    comments: w.comments,
    title: w.title,
    leasingAgentId: w.leasingAgentId,
    propertyUnitId: w.propertyUnitId,
    appointmentDate: appointment ? formatMountainDate(appointment) : undefined,
    // §6.4: time_from/time_to are MT wall clock; without them the appointment's own time is used.
    timeFrom: w.timeFrom ?? (appointment ? formatMountainTime(appointment) : undefined),
    timeTo: w.timeTo,
    callData: w.call
      ? { callFrom: w.call.from, ringThrough: w.call.to, callStatus: callStatusText[w.call.status], duration: w.call.duration, audioLink: w.call.audioLink }
      : undefined,
    emailData: w.email
      ? defined({
          from: w.email.from,
          to: w.email.to,
          cc: w.email.cc,
          bcc: w.email.bcc,
          subject: w.email.subject,
          body: w.email.body,
          sendEmail: w.email.send === undefined ? undefined : w.email.send ? 1 : 0,
        })
      : undefined,
  });
  return { propertyId: w.propertyId, prospects: { prospect: [{ applicationId: w.applicationId, events: { event: [event] } }] } };
}

/**
 * getLeadEvents params covering the event's Mountain Time day. A day either side is included:
 * Entrata's day filter is MT-day granular and a write near midnight must still be found.
 */
export function leadEventsQuery(w: EntrataEventWrite): Obj {
  return {
    propertyId: w.propertyId,
    applicationId: w.applicationId,
    eventTypeIds: w.typeId,
    eventDateFrom: mountainDateShifted(w.eventDatetime, -1),
    eventDateTo: mountainDateShifted(w.eventDatetime, 1),
  };
}

/** Event ids of the application in a getLeadEvents result (the snapshot taken before sending). */
export function eventIdsIn(result: unknown): string[] {
  return eventRecords(result)
    .map((r) => str(field(r.event, 'eventId', 'id')))
    .filter((id): id is string => id !== null);
}

/**
 * The event our write created: not in the snapshot, same application and type, same MT wall-clock
 * time (to the second) and the same notes. Wall clock, not instant: we send MT without an offset,
 * so a time in the autumn overlap's second hour comes back as the first hour's (§6.4).
 * Writes to one application are serialized, so at most one candidate is ours; the earliest id
 * wins if Entrata ever shows two.
 */
export function findWrittenEvent(result: unknown, w: EntrataEventWrite, snapshot: readonly string[]): { eventId: string; event: Obj } | null {
  const known = new Set(snapshot);
  const want = formatMountainDateTime(w.eventDatetime);
  const matches = eventRecords(result).filter(({ applicationId, event }) => {
    const id = str(field(event, 'eventId', 'id'));
    if (!id || known.has(id) || applicationId !== w.applicationId) return false;
    if (str(field(event, 'typeId')) !== w.typeId) return false;
    const at = parseMountain(str(field(event, 'date')));
    if (!at || formatMountainDateTime(Math.floor(at.ms / 1000) * 1000) !== want) return false;
    const notes = str(field(event, 'comments', 'comment'));
    return (notes ?? '') === (w.comments ?? '');
  });
  matches.sort((a, b) => Number(str(field(a.event, 'eventId', 'id'))) - Number(str(field(b.event, 'eventId', 'id'))));
  const first = matches[0];
  return first ? { eventId: str(field(first.event, 'eventId', 'id')) ?? '', event: first.event } : null;
}

/** Per-prospect outcome of updateLeads r2 (`result.prospects[]`, r1 `Prospects.Prospect[]`). */
export function prospectOutcome(result: unknown): { ok: boolean; message: string } {
  const r = result as Obj | undefined;
  const list = field(r ?? {}, 'prospects', 'Prospects');
  const arr = Array.isArray(list) ? list : list && typeof list === 'object' ? ((field(list as Obj, 'prospect', 'Prospect') as unknown[]) ?? [list]) : [];
  const first = (Array.isArray(arr) ? arr[0] : arr) as Obj | undefined;
  const attrs = (first && (field(first, '@attributes') as Obj | undefined)) ?? first ?? {};
  const status = str(field(attrs, 'status')) ?? '';
  const message = str(field(attrs, 'message')) ?? 'Entrata did not say why';
  return { ok: /^success/i.test(status), message };
}
