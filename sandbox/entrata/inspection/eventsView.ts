import { EVENT_TYPE_BY_ID, RESULT_BY_ID, SUB_TYPE_BY_ID } from '../dataset/catalog.ts';
import { eventRecordAt } from '../dataset/eventRecords.ts';
import type { Dataset, EventRecord } from '../dataset/model.ts';
import { formatMtDate, formatMtDateTime, formatMtTime } from '../time.ts';

export interface Instant {
  utc: string;
  mountain: string;
}

const instant = (ms: number): Instant => ({ utc: new Date(ms).toISOString(), mountain: formatMtDateTime(ms) });

/** A stored event in plain JSON (UTC and MT side by side), so write tests can assert exactly what landed. */
export function plainEvent(e: EventRecord): Record<string, unknown> {
  const a = e.appointment;
  return {
    eventId: e.eventId,
    applicationId: e.applicationId,
    propertyId: e.propertyId,
    origin: e.origin,
    typeId: e.typeId,
    type: EVENT_TYPE_BY_ID.get(e.typeId)?.name ?? null,
    subtypeId: e.subtypeId,
    subtype: e.subtypeId ? (SUB_TYPE_BY_ID.get(e.subtypeId)?.name ?? null) : null,
    eventResultId: e.eventResultId,
    eventResult: e.eventResultId ? (RESULT_BY_ID.get(e.eventResultId)?.name ?? null) : null,
    date: instant(e.dateMs),
    eventReasons: e.eventReasons,
    comments: e.comments,
    title: e.title,
    leasingAgentId: e.leasingAgentId,
    propertyUnitId: e.propertyUnitId,
    appointment: a
      ? {
          start: instant(a.startMs),
          end: a.endMs === null ? null : instant(a.endMs),
          appointmentDate: formatMtDate(a.startMs),
          timeFrom: a.hasTime ? formatMtTime(a.startMs) : null,
          timeTo: a.hasTime && a.endMs !== null ? formatMtTime(a.endMs) : null,
        }
      : null,
    callData: e.callData,
    emailData: e.emailData,
  };
}

export interface EventQuery {
  applicationId?: number;
  eventId?: number;
  typeId?: number;
  origin?: EventRecord['origin'];
}

export function queryEvents(ds: Dataset, q: EventQuery): EventRecord[] {
  let records: EventRecord[];
  if (q.eventId !== undefined) {
    const index = ds.eventIndexById(q.eventId);
    records = index === null ? [] : [eventRecordAt(ds, index)];
  } else if (q.applicationId !== undefined) {
    const p = ds.prospectByAppId.get(q.applicationId);
    records = p ? ds.eventIndexes(p).map((i) => eventRecordAt(ds, i)) : [];
  } else {
    // Only events written or edited after seeding carry a stored record: enough for origin=api|mutation.
    records = [...ds.events.details.values()].sort((a, b) => a.eventId - b.eventId);
  }
  return records.filter(
    (r) =>
      (q.applicationId === undefined || r.applicationId === q.applicationId) &&
      (q.typeId === undefined || r.typeId === q.typeId) &&
      (q.origin === undefined || r.origin === q.origin),
  );
}
