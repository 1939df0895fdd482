import { parseMt } from '../time.ts';
import { EVENT_TYPE } from './catalog.ts';
import type { Agent, EventRecord, Property, Prospect } from './model.ts';

/**
 * Events of the first application of the first (Colorado) property, pinned on both sides of the
 * DST transitions so clients can check their Mountain Time handling against known values.
 * All times are Mountain Time as Entrata sends them.
 */
const SHOWCASE: ReadonlyArray<{
  at: string;
  typeId: number;
  subtypeId?: number;
  comments: string;
  appointment?: { start: string; minutes: number };
}> = [
  { at: '02/20/2025 10:15:00 MST', typeId: EVENT_TYPE.callIncoming, comments: 'First call; asked about 1BR units.' },
  { at: '03/09/2025 01:30:00 MST', typeId: EVENT_TYPE.notes, comments: 'Half an hour before the spring-forward gap.' },
  { at: '03/09/2025 03:00:00 MDT', typeId: EVENT_TYPE.notes, comments: 'First minute after the spring-forward gap.' },
  {
    at: '03/09/2025 10:00:00 MDT',
    typeId: EVENT_TYPE.appointment,
    subtypeId: 454,
    comments: 'Tour booked on the spring-forward day.',
    appointment: { start: '03/09/2025 12:00:00 MDT', minutes: 30 },
  },
  { at: '11/02/2025 01:30:00 MDT', typeId: EVENT_TYPE.emailOutgoing, comments: 'First 01:30 of the autumn overlap (MDT).' },
  { at: '11/02/2025 01:30:00 MST', typeId: EVENT_TYPE.emailOutgoing, comments: 'Second 01:30 of the autumn overlap (MST).' },
  {
    at: '11/02/2025 12:00:00 MST',
    typeId: EVENT_TYPE.appointment,
    subtypeId: 453,
    comments: 'Leasing appointment on the fall-back day.',
    appointment: { start: '11/02/2025 09:00:00 MST', minutes: 60 },
  },
];

export const SHOWCASE_EVENT_COUNT = SHOWCASE.length;

function instant(text: string): number {
  const parsed = parseMt(text);
  if (!parsed) throw new Error(`bad showcase time ${text}`);
  return parsed.ms;
}

export const SHOWCASE_CREATED_MS = instant(SHOWCASE[0]?.at ?? '');

export function showcaseEvents(
  prospect: Prospect,
  property: Property,
  agent: Agent,
): Omit<EventRecord, 'eventId'>[] {
  const customer = prospect.customer;
  return SHOWCASE.map((s) => ({
    applicationId: prospect.applicationId,
    propertyId: prospect.propertyId,
    typeId: s.typeId,
    subtypeId: s.subtypeId ?? null,
    eventResultId: null,
    dateMs: instant(s.at),
    eventReasons: null,
    comments: s.comments,
    title: s.appointment ? `Appointment with ${customer.firstName} ${customer.lastName}` : null,
    leasingAgentId: agent.id,
    propertyUnitId: null,
    appointment: s.appointment
      ? { startMs: instant(s.appointment.start), endMs: instant(s.appointment.start) + s.appointment.minutes * 60_000, hasTime: true }
      : null,
    callData:
      s.typeId === EVENT_TYPE.callIncoming
        ? {
            callId: '89000001',
            callFrom: customer.cellPhone ?? '',
            ringThrough: property.phone,
            callStatus: 'Answered',
            duration: 184,
            audioLink: 'https://recordings.example.com/showcase/89000001.mp3',
          }
        : null,
    emailData:
      s.typeId === EVENT_TYPE.emailOutgoing
        ? { from: agent.email, to: customer.email, cc: null, bcc: null, subject: 'Late-night reply', body: s.comments, sendEmail: true }
        : null,
    origin: 'seed' as const,
  }));
}
