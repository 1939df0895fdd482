import {
  CALL_STATUSES,
  EVENT_TYPE_BY_ID,
  isAppointmentType,
  isCallType,
  isOutgoingEmailType,
  RESULT_BY_ID,
  SUB_TYPE_BY_ID,
} from '../dataset/catalog.ts';
import { eventRecordAt } from '../dataset/eventRecords.ts';
import type { Appointment, CallData, Dataset, EmailData, EventRecord, Prospect } from '../dataset/model.ts';
import type { Params } from '../params.ts';
import { describe, optionalBool, optionalId, optionalString } from '../params.ts';
import { formatMtDate, formatMtDateTime, formatMtTime, MOUNTAIN, parseMt, parseTimeOfDay, toWallClock, wallClockToInstant } from '../time.ts';

/** A per-prospect failure: reported as `status: "Failure"` (the spec's word) with this message. */
export class ProspectFailure extends Error {}

const fail = (message: string): never => {
  throw new ProspectFailure(message);
};

const isObject = (v: unknown): v is Params => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface EventPlan {
  /** Event-store index of the event to replace, or null to add a new one. */
  index: number | null;
  record: Omit<EventRecord, 'eventId'>;
}

export interface EventInputOptions {
  /** updateLeads enforces the per-type requirements of §6.6; UI-style mutations do not. */
  strict: boolean;
  /** The `spec` profile's rules on top of strict ones: title and non-empty comments (§7.3.6). */
  requireTitleAndComments?: boolean;
  origin: EventRecord['origin'];
}

function subObject(node: Params, name: string): Params | undefined {
  const v = node[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (!isObject(v)) fail(`"${name}" must be an object, got ${describe(v)}.`);
  return v as Params;
}

/** `appointmentDate` + `timeFrom`/`timeTo` (MT wall clock) → instants, with the §6.4 DST policy. */
function appointmentOf(node: Params, existing: Appointment | null): Appointment | null {
  const dateText = optionalString(node, 'appointmentDate') ?? (existing ? formatMtDate(existing.startMs) : undefined);
  const fromText = optionalString(node, 'timeFrom') ?? (existing?.hasTime ? formatMtTime(existing.startMs) : undefined);
  const toText =
    optionalString(node, 'timeTo') ?? (existing?.hasTime && existing.endMs !== null ? formatMtTime(existing.endMs) : undefined);
  if (dateText === undefined) {
    if (fromText !== undefined || toText !== undefined) fail('"timeFrom"/"timeTo" need "appointmentDate".');
    return null;
  }
  const date = parseMt(dateText);
  if (!date) return fail(`"appointmentDate" must be MM/DD/YYYY (Mountain Time), got ${describe(dateText)}.`);
  const seconds = (label: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    return parseTimeOfDay(text) ?? fail(`"${label}" must be HH:MM:SS (24-hour, Mountain Time), got ${describe(text)}.`);
  };
  const from = seconds('timeFrom', fromText);
  const to = seconds('timeTo', toText);
  const at = (secs: number, dayOffset: number): number => {
    const d = new Date(Date.UTC(date.date.year, date.date.month - 1, date.date.day + dayOffset));
    return wallClockToInstant(MOUNTAIN, {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: Math.floor(secs / 3600),
      minute: Math.floor((secs % 3600) / 60),
      second: secs % 60,
      millisecond: 0,
    });
  };
  if (from === undefined) {
    if (!date.hasTime) {
      if (to !== undefined) fail('"timeTo" needs "timeFrom".');
      return { startMs: date.ms, endMs: null, hasTime: false };
    }
    // `appointmentDate` carried the start time itself.
    const w = toWallClock(MOUNTAIN, date.ms);
    const start = w.hour * 3600 + w.minute * 60 + w.second;
    return { startMs: date.ms, endMs: to === undefined ? null : at(to, to < start ? 1 : 0), hasTime: true };
  }
  // An end before the start means the appointment runs past midnight.
  return { startMs: at(from, 0), endMs: to === undefined ? null : at(to, to < from ? 1 : 0), hasTime: true };
}

function callDataOf(node: Params, existing: CallData | null, strict: boolean, call: boolean): CallData | null {
  const given = subObject(node, 'callData');
  if (!given && !existing) {
    if (strict && call) {
      fail('Call events require callData with callFrom, ringThrough, callStatus, duration and audioLink.');
    }
    return null;
  }
  const g = given ?? {};
  const text = (name: string, previous: string | undefined): string | undefined => {
    const v = optionalString(g, name);
    return v === undefined ? previous : v.trim();
  };
  const callFrom = text('callFrom', existing?.callFrom);
  const ringThrough = text('ringThrough', existing?.ringThrough);
  let callStatus = text('callStatus', existing?.callStatus);
  const audioLink = text('audioLink', existing?.audioLink);
  const durationRaw = g.duration ?? existing?.duration;
  let duration: number | undefined;
  if (durationRaw !== undefined && durationRaw !== null && durationRaw !== '') {
    const n = typeof durationRaw === 'string' && /^\s*\d+\s*$/.test(durationRaw) ? Number(durationRaw) : durationRaw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 86_400) {
      fail(`"callData.duration" must be a whole number of seconds from 0 to 86400, got ${describe(durationRaw)}.`);
    }
    duration = n as number;
  }
  if (strict && call) {
    const missing = Object.entries({ callFrom, ringThrough, callStatus, duration, audioLink })
      .filter(([, v]) => v === undefined || v === '')
      .map(([k]) => `callData.${k}`);
    if (missing.length > 0) fail(`Call events require ${missing.join(', ')}.`);
    const canonical = CALL_STATUSES.find((s) => s.toLowerCase() === callStatus?.toLowerCase());
    if (!canonical) fail(`"callData.callStatus" must be one of ${CALL_STATUSES.join(', ')}; got ${describe(callStatus)}.`);
    callStatus = canonical;
    if (!/^https?:\/\/\S+$/i.test(audioLink ?? '') || !URL.canParse(audioLink ?? '')) {
      fail(`"callData.audioLink" must be an http(s) URL, got ${describe(audioLink)}.`);
    }
  }
  return {
    callId: existing?.callId ?? '',
    callFrom: callFrom ?? '',
    ringThrough: ringThrough ?? '',
    callStatus: callStatus ?? '',
    duration: duration ?? 0,
    audioLink: audioLink ?? '',
  };
}

function emailDataOf(node: Params, existing: EmailData | null, prospect: Prospect, strict: boolean, outgoing: boolean): EmailData | null {
  const given = subObject(node, 'emailData');
  if (!given && !existing) {
    if (strict && outgoing) fail('Outgoing email events require "emailData.from".');
    return null;
  }
  const g = given ?? {};
  const text = (name: keyof EmailData & string, previous: string | null | undefined): string | null =>
    optionalString(g, name)?.trim() ?? previous ?? null;
  const data: EmailData = {
    from: text('from', existing?.from),
    to: text('to', existing?.to),
    cc: text('cc', existing?.cc),
    bcc: text('bcc', existing?.bcc),
    subject: text('subject', existing?.subject),
    body: text('body', existing?.body),
    sendEmail: optionalBool(g, 'sendEmail') ?? existing?.sendEmail ?? null,
  };
  if (strict && outgoing) {
    if (!data.from) fail('Outgoing email events require "emailData.from".');
    if (data.to && data.to.toLowerCase() !== prospect.customer.email.toLowerCase()) {
      fail(`"emailData.to" (${data.to}) must be the lead's primary email (${prospect.customer.email}).`);
    }
  }
  return data;
}

/**
 * Validates one `event` node against the prospect and the pick lists and returns what to store.
 * Throws ProspectFailure (or a 400 EntrataError from the param helpers) when it must not be stored.
 */
export function planEvent(ds: Dataset, prospect: Prospect, node: unknown, now: number, opts: EventInputOptions): EventPlan {
  if (!isObject(node)) return fail('Each event must be an object.');
  const eventId = optionalId(node, 'eventId');
  let existing: EventRecord | null = null;
  let index: number | null = null;
  if (eventId !== undefined) {
    index = ds.eventIndexById(eventId);
    existing = index === null ? null : eventRecordAt(ds, index);
    if (!existing || existing.applicationId !== prospect.applicationId) {
      fail(`Event ${eventId} was not found for application ${prospect.applicationId}.`);
    }
  }
  const typeId = optionalId(node, 'typeId') ?? existing?.typeId ?? fail('"typeId" is required.');
  const type = EVENT_TYPE_BY_ID.get(typeId) ?? fail(`Unknown event type id ${typeId}.`);
  if (existing && existing.typeId !== typeId) {
    fail(`Event ${existing.eventId} is a "${EVENT_TYPE_BY_ID.get(existing.typeId)?.name}" event; typeId ${typeId} does not match.`);
  }
  const subtypeId = optionalId(node, 'subtypeId') ?? existing?.subtypeId ?? null;
  if (subtypeId !== null) {
    const sub = SUB_TYPE_BY_ID.get(subtypeId) ?? fail(`Unknown event sub type id ${subtypeId}.`);
    if (sub.eventTypeId !== typeId) fail(`Event sub type ${subtypeId} (${sub.name}) does not belong to event type ${typeId} (${type.name}).`);
  }
  const eventResultId = optionalId(node, 'eventResultId') ?? existing?.eventResultId ?? null;
  if (eventResultId !== null) {
    const result = RESULT_BY_ID.get(eventResultId) ?? fail(`Unknown event result id ${eventResultId}.`);
    if (result.eventTypeId !== typeId) fail(`Event result ${eventResultId} (${result.name}) does not belong to event type ${typeId} (${type.name}).`);
  }
  const dateText = optionalString(node, 'date');
  let dateMs = existing?.dateMs ?? now;
  if (dateText !== undefined) {
    dateMs = parseMt(dateText)?.ms ?? fail(`"date" must be MM/DD/YYYY[ HH:MM:SS] or MM/DD/YYYYTHH:MM:SS (Mountain Time), got ${describe(dateText)}.`);
    // Entrata validates event dates against its current Mountain Time (§7.3.8; the message is ours).
    if (opts.strict && dateMs > now) fail(`"date" ${dateText} is in the future: event dates must not be after the current Mountain Time (${formatMtDateTime(now)}).`);
  }
  // `agentId` / `unitSpaceIds` are the names production sendLeads bodies use (reference §7.3.3).
  const leasingAgentId = optionalId(node, 'leasingAgentId') ?? optionalId(node, 'agentId') ?? existing?.leasingAgentId ?? null;
  if (leasingAgentId !== null && ds.agentById.get(leasingAgentId)?.propertyId !== prospect.propertyId) {
    fail(`Leasing agent ${leasingAgentId} is not a leasing agent of property ${prospect.propertyId}.`);
  }
  const propertyUnitId = optionalId(node, 'propertyUnitId') ?? optionalId(node, 'unitSpaceIds') ?? existing?.propertyUnitId ?? null;
  if (propertyUnitId !== null && ds.unitById.get(propertyUnitId)?.propertyId !== prospect.propertyId) {
    fail(`Unit ${propertyUnitId} does not belong to property ${prospect.propertyId}.`);
  }
  const appointment = appointmentOf(node, existing?.appointment ?? null);
  if (opts.strict && isAppointmentType(type)) {
    if (subtypeId === null) fail(`"subtypeId" is required for ${type.name} events.`);
    if (!appointment?.hasTime || appointment.endMs === null) {
      fail(`${type.name} events require "appointmentDate", "timeFrom" and "timeTo".`);
    }
  }
  // r2 names the notes node `comment` in its change log; accept it as an alias of `comments`.
  const comments = optionalString(node, 'comments') ?? optionalString(node, 'comment') ?? existing?.comments ?? null;
  if (opts.requireTitleAndComments) {
    if (optionalId(node, 'typeId') === undefined) fail('"typeId" is required.');
    if ((optionalString(node, 'title') ?? existing?.title ?? '').trim() === '') fail('"title" is required.');
    if ((comments ?? '').trim() === '') fail('"comments" must not be empty.');
  }
  return {
    index,
    record: {
      applicationId: prospect.applicationId,
      propertyId: prospect.propertyId,
      typeId,
      subtypeId,
      eventResultId,
      dateMs,
      eventReasons: optionalString(node, 'eventReasons') ?? existing?.eventReasons ?? null,
      comments,
      title: optionalString(node, 'title') ?? existing?.title ?? null,
      leasingAgentId,
      propertyUnitId,
      appointment,
      callData: callDataOf(node, existing?.callData ?? null, opts.strict, isCallType(type)),
      emailData: emailDataOf(node, existing?.emailData ?? null, prospect, opts.strict, isOutgoingEmailType(type)),
      origin: existing?.origin ?? opts.origin,
    },
  };
}

/** Stores planned events and gives new call records their id; returns the stored records. */
export function applyEventPlans(ds: Dataset, prospect: Prospect, plans: EventPlan[]): EventRecord[] {
  return plans.map((plan) => {
    let record: EventRecord;
    if (plan.index !== null) {
      record = { ...plan.record, eventId: ds.events.firstEventId + plan.index };
      ds.replaceEvent(plan.index, prospect, record);
    } else {
      record = ds.appendEvent(prospect, plan.record);
    }
    // Same numbering as seeded calls: the call id follows the event's store index.
    if (record.callData && record.callData.callId === '') {
      record.callData = { ...record.callData, callId: String(90_000_000 + record.eventId - ds.events.firstEventId) };
    }
    return record;
  });
}
