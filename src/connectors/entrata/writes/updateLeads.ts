import type { Obj } from '../envelope.ts';
import { field, str } from '../envelope.ts';
import { eventRecords } from '../mappers/events.ts';
import { formatMountainDate, formatMountainDateTime, formatMountainTime, mountainDateShifted, mountainDay, parseMountain } from '../time.ts';

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

/** Entrata's ids go out as JSON integers, as its published model types them (§7.3.1). */
const wireId = (id: string): number | string => (/^\d{1,15}$/.test(id) ? Number(id) : id);

/** `timeFrom` as sent: the client's MT wall clock, else the appointment's own MT time (§6.4). */
const sentTimeFrom = (w: EntrataEventWrite): string | undefined => w.timeFrom ?? (w.appointmentDatetime ? formatMountainTime(w.appointmentDatetime) : undefined);

/**
 * leads/updateLeads r2 params in the nested form production code sends (§7.3.2): one prospect as
 * an object, its events as an array; times in Mountain Time (§6.3–6.4).
 */
export function buildUpdateLeadsParams(w: EntrataEventWrite): Obj {
  const appointment = w.appointmentDatetime;
  const event = defined({
    typeId: wireId(w.typeId),
    subtypeId: w.subtypeId === undefined ? undefined : wireId(w.subtypeId),
    eventResultId: w.eventResultId === undefined ? undefined : wireId(w.eventResultId),
    date: formatMountainDateTime(w.eventDatetime),
    eventReasons: w.eventReasons,
    comments: w.comments,
    title: w.title,
    // Both candidate names of the agent and the unit node (choices.ts: Entrata ignores keys it does not know).
    leasingAgentId: w.leasingAgentId,
    agentId: w.leasingAgentId === undefined ? undefined : wireId(w.leasingAgentId),
    propertyUnitId: w.propertyUnitId,
    unitSpaceIds: w.propertyUnitId,
    appointmentDate: appointment ? formatMountainDate(appointment) : undefined,
    timeFrom: sentTimeFrom(w),
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
  return { propertyId: wireId(w.propertyId), prospects: { prospect: { applicationId: wireId(w.applicationId), events: { event: [event] } } } };
}

/**
 * The read-back query (choices.ts READ_BACK: getLeads, whose events carry the notes and the call):
 * the application's events of the written type. Entrata's event-date filter is whole MT days, and
 * whether it filters on `date` or `appointmentDate` is unknown (§7.7.15): the window covers both,
 * a day either side.
 */
export function readBackQuery(w: EntrataEventWrite): Obj {
  const days = [w.eventDatetime, ...(w.appointmentDatetime ? [w.appointmentDatetime] : [])].map((d) => Date.parse(d));
  return {
    propertyId: wireId(w.propertyId),
    leadId: wireId(w.applicationId),
    eventTypeIds: w.typeId,
    eventDateFrom: mountainDateShifted(Math.min(...days), -1),
    eventDateTo: mountainDateShifted(Math.max(...days), 1),
  };
}

/** Event ids of the application in a read-back result (the snapshot taken before sending). */
export function eventIdsIn(result: unknown): string[] {
  return eventRecords(result)
    .map((r) => str(field(r.event, 'eventId', 'id')))
    .filter((id): id is string => id !== null);
}

const norm = (v: unknown): string | null => {
  const s = str(v);
  return s === null ? null : s.trim();
};
/** HH:MM[:SS] → HH:MM:SS. */
const clock = (v: unknown): string | null => {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(norm(v) ?? '');
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}` : null;
};

/**
 * Whether a read event carries what `w` sent, field by field: every field that was sent and that
 * the read returns must be equal (a field the read does not return cannot tell, and is skipped).
 * The date is compared to the second when the read gives a time, to the MT day when it gives only
 * a day (the published getLeadEvents/getLeads examples show `YYYY-MM-DD`). Wall clock, not instant:
 * we send MT without an offset, so a time in the autumn overlap's second hour comes back as the
 * first hour's (§6.4).
 */
export function eventMatches(event: Obj, w: EntrataEventWrite): boolean {
  if (norm(field(event, 'typeId')) !== w.typeId) return false;
  const date = parseMountain(str(field(event, 'date')));
  if (!date) return false;
  if (date.hasTime ? formatMountainDateTime(Math.floor(date.ms / 1000) * 1000) !== formatMountainDateTime(w.eventDatetime) : mountainDay(date.ms) !== mountainDay(w.eventDatetime)) return false;
  const differs = (names: string[], sent: string | undefined, read: (v: unknown) => string | null = norm): boolean => {
    if (sent === undefined) return false;
    const v = field(event, ...names);
    return v !== undefined && read(v) !== read(sent);
  };
  if (differs(['comments', 'comment'], w.comments)) return false;
  if (differs(['eventReasons', 'eventReason'], w.eventReasons)) return false;
  if (differs(['eventResultId'], w.eventResultId)) return false;
  if (differs(['subtypeId'], w.subtypeId)) return false;
  if (differs(['title'], w.title)) return false;
  if (differs(['leasingAgentId'], w.leasingAgentId)) return false;
  if (differs(['propertyUnitId'], w.propertyUnitId)) return false;
  if (w.appointmentDatetime !== undefined) {
    const day = parseMountain(str(field(event, 'appointmentDate')));
    if (field(event, 'appointmentDate') !== undefined && (!day || mountainDay(day.ms) !== mountainDay(w.appointmentDatetime))) return false;
    if (differs(['timeFrom'], sentTimeFrom(w), clock)) return false;
  }
  if (differs(['timeTo'], w.timeTo, clock)) return false;
  const call = field(event, 'callData');
  if (w.call && call && typeof call === 'object') {
    const c = call as Obj;
    const sent = { callFrom: w.call.from, ringThrough: w.call.to, duration: String(w.call.duration), callStatus: callStatusText[w.call.status].toLowerCase(), audioLink: w.call.audioLink };
    for (const [k, v] of Object.entries(sent)) {
      const got = field(c, k);
      if (got !== undefined && (k === 'callStatus' ? norm(got)?.toLowerCase() : norm(got)) !== v.trim()) return false;
    }
  }
  return true;
}

/**
 * The event our write created, by the rules of "Exactly once across retries"
 * (src/writes/worker.ts): not in the snapshot (it was not there before our first send), not
 * claimed by another write job, on our application, and matching every field we sent that the read
 * returns (eventMatches). Several candidates can only be writes made outside Leasewire with the
 * same fields; the earliest id wins.
 */
export function findWrittenEvent(result: unknown, w: EntrataEventWrite, snapshot: readonly string[], claimed: ReadonlySet<string> = new Set()): { eventId: string; event: Obj } | null {
  const known = new Set(snapshot);
  const matches = eventRecords(result).filter(({ applicationId, event }) => {
    const id = str(field(event, 'eventId', 'id'));
    return id !== null && !known.has(id) && !claimed.has(id) && applicationId === w.applicationId && eventMatches(event, w);
  });
  matches.sort((a, b) => Number(str(field(a.event, 'eventId', 'id'))) - Number(str(field(b.event, 'eventId', 'id'))));
  const first = matches[0];
  return first ? { eventId: str(field(first.event, 'eventId', 'id')) ?? '', event: first.event } : null;
}

/** New event ids of a read-back (not in the snapshot): the ones to ask `claimed()` about. */
export function newEventIds(result: unknown, snapshot: readonly string[]): string[] {
  const known = new Set(snapshot);
  return eventIdsIn(result).filter((id) => !known.has(id));
}

/**
 * Per-prospect outcome of updateLeads: r2 `result.prospects[]` (the spec's list) or
 * `result.prospects.prospect[]`, r1 `Prospects.Prospect[]`. A failure is a status other than
 * "Success" (the spec's word is "Failure") or an envelope code other than 200 (§7.3.7: integrations
 * in production check both).
 */
export function prospectOutcome(result: unknown, code: number | null = 200): { ok: boolean; message: string } {
  const r = result as Obj | undefined;
  const list = field(r ?? {}, 'prospects', 'Prospects');
  const arr = Array.isArray(list) ? list : list && typeof list === 'object' ? ((field(list as Obj, 'prospect', 'Prospect') as unknown) ?? [list]) : [];
  const first = (Array.isArray(arr) ? arr[0] : arr) as Obj | undefined;
  const attrs = (first && (field(first, '@attributes') as Obj | undefined)) ?? first ?? {};
  const status = str(field(attrs, 'status')) ?? '';
  const message = str(field(attrs, 'message')) ?? (code !== null && code !== 200 ? `Entrata answered code ${code}` : 'Entrata did not say why');
  return { ok: /^success/i.test(status) && (code === null || code === 200), message };
}
