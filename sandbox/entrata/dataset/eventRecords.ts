import { CALL_STATUSES, EVENT_TYPE, EVENT_TYPE_BY_ID, isAppointmentType, isCallType } from './catalog.ts';
import type { Dataset, EventRecord, Prospect } from './model.ts';
import { COMMENTS, EMAIL_SUBJECTS, EVENT_REASONS } from './text.ts';

export function primaryPhone(p: Prospect): string {
  return p.customer.cellPhone ?? p.customer.homePhone ?? p.customer.officePhone ?? '';
}

/** The full record of event `index`, rebuilt from the compact columns for seeded events. */
export function eventRecordAt(ds: Dataset, index: number): EventRecord {
  const stored = ds.events.details.get(index);
  if (stored) return stored;
  const ev = ds.events;
  const prospect = ds.prospects[ev.prospect[index] ?? -1];
  if (!prospect) throw new Error(`event ${index} has no prospect`);
  const property = ds.propertyById.get(prospect.propertyId);
  const typeId = ev.type[index] ?? 0;
  const type = EVENT_TYPE_BY_ID.get(typeId);
  const agentId = ev.agent[index] ?? 0;
  const agent = agentId ? ds.agentById.get(agentId) : undefined;
  const commentIndex = ev.comment[index] ?? 0;
  const comment = COMMENTS[typeId]?.[commentIndex] || null;
  const apptStart = ev.apptStart[index] ?? Number.NaN;
  const eventId = ev.firstEventId + index;
  const customer = prospect.customer;
  const propertyPhone = property?.phone ?? '';

  let callData: EventRecord['callData'] = null;
  if (type && isCallType(type)) {
    const incoming = typeId === EVENT_TYPE.callIncoming;
    const callId = String(90_000_000 + index);
    callData = {
      callId,
      callFrom: incoming ? primaryPhone(prospect) : propertyPhone,
      ringThrough: incoming ? propertyPhone : primaryPhone(prospect),
      callStatus: CALL_STATUSES[ev.callStatus[index] ?? 0] ?? 'Answered',
      duration: ev.callDuration[index] ?? 0,
      audioLink: `https://recordings.example.com/${ds.company.subdomain}/${callId}.mp3`,
    };
  }

  let emailData: EventRecord['emailData'] = null;
  if (typeId === EVENT_TYPE.emailOutgoing || typeId === EVENT_TYPE.emailIncoming) {
    const outgoing = typeId === EVENT_TYPE.emailOutgoing;
    const subject = EMAIL_SUBJECTS[commentIndex % EMAIL_SUBJECTS.length] ?? null;
    emailData = {
      from: outgoing ? (agent?.email ?? property?.email ?? null) : customer.email,
      to: outgoing ? customer.email : (property?.email ?? null),
      cc: null,
      bcc: null,
      subject: outgoing ? subject : `Re: ${subject ?? ''}`,
      body: comment,
      sendEmail: outgoing ? true : null,
    };
  }

  const hasAppointment = !Number.isNaN(apptStart);
  return {
    eventId,
    applicationId: prospect.applicationId,
    propertyId: prospect.propertyId,
    typeId,
    subtypeId: ev.subtype[index] || null,
    eventResultId: ev.result[index] || null,
    dateMs: ev.date[index] ?? 0,
    eventReasons: EVENT_REASONS[ev.reason[index] ?? 0] || null,
    comments: comment,
    title: type && isAppointmentType(type) ? `Appointment with ${customer.firstName} ${customer.lastName}` : null,
    leasingAgentId: agentId || null,
    propertyUnitId: ev.unit[index] || null,
    appointment: hasAppointment
      ? { startMs: apptStart, endMs: apptStart + (ev.apptMinutes[index] ?? 0) * 60_000, hasTime: true }
      : null,
    callData,
    emailData,
    origin: 'seed',
  };
}
