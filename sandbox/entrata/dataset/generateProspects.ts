import { addDays, calendarDateOf, compareCalendarDates } from '../time.ts';
import {

  EVENT_TYPE,
  LEAD_SOURCES,
  LEAD_STATUS,
  LEASE_STATUS,
  resultsForType,
} from './catalog.ts';
import type { DayTables, SizeProfile } from './constants.ts';
import { HISTORY_DAYS, slug } from './constants.ts';
import type { Agent, Customer, Dataset, Property, Prospect } from './model.ts';
import type { Prng } from './prng.ts';
import { SHOWCASE_CREATED_MS, SHOWCASE_EVENT_COUNT, showcaseEvents } from './showcase.ts';
import { COMMENTS, EMAIL_DOMAINS, EVENT_REASONS, FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_SUFFIXES } from './text.ts';

const DAY_MS = 86_400_000;

const FOLLOW_UP_TYPES = [
  EVENT_TYPE.emailOutgoing,
  EVENT_TYPE.callOutgoing,
  EVENT_TYPE.callIncoming,
  EVENT_TYPE.emailIncoming,
  EVENT_TYPE.textOutgoing,
  EVENT_TYPE.textIncoming,
  EVENT_TYPE.notes,
  EVENT_TYPE.followUp,
  EVENT_TYPE.appointment,
  EVENT_TYPE.tour,
  EVENT_TYPE.onsiteVisit,
];
const FOLLOW_UP_WEIGHTS = [25, 14, 10, 10, 10, 5, 8, 7, 6, 3, 2];
const FIRST_CONTACT_TYPES = [EVENT_TYPE.emailIncoming, EVENT_TYPE.callIncoming, EVENT_TYPE.textIncoming, EVENT_TYPE.onlineGuestCard];
const FIRST_CONTACT_WEIGHTS = [35, 30, 20, 15];
const CALL_STATUS_WEIGHTS = [60, 20, 15, 5, 0, 0, 0];
const APPOINTMENT_SUBTYPES = [453, 454, 525, 560];
const APPLICANT_STATUSES = [3, 4, 5, 6, 7];

/** How many events each application gets: about the profile's mean, summing exactly to its total. */
function allocateEventCounts(rng: Prng, prospects: number, total: number): Int32Array {
  const counts = new Int32Array(prospects);
  counts[0] = SHOWCASE_EVENT_COUNT;
  const rest = Math.max(prospects - 1, 1);
  const mean = Math.max(1, (total - SHOWCASE_EVENT_COUNT) / rest);
  let sum = SHOWCASE_EVENT_COUNT;
  for (let i = 1; i < prospects; i++) {
    const n = 1 + Math.floor(rng.next() * (2 * mean - 1));
    counts[i] = n;
    sum += n;
  }
  while (sum !== total && prospects > 1) {
    const i = 1 + rng.int(prospects - 1);
    const c = counts[i] ?? 1;
    if (sum < total) {
      counts[i] = c + 1;
      sum++;
    } else if (c > 1) {
      counts[i] = c - 1;
      sum--;
    }
  }
  return counts;
}

function phone(rng: Prng, areaCode: string): string {
  return `${areaCode}555${String(rng.int(10_000)).padStart(4, '0')}`;
}

function makeCustomer(ds: Dataset, rng: Prng, property: Property, serial: number): Customer {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const areaCode = property.phone.slice(0, 3);
  const cell = rng.chance(0.9) ? phone(rng, areaCode) : null;
  return {
    customerId: ds.nextIds.customer++,
    applicantId: ds.nextIds.applicant++,
    firstName,
    lastName,
    email: `${slug(firstName)}.${slug(lastName)}${serial}@${rng.pick(EMAIL_DOMAINS)}`,
    cellPhone: cell,
    homePhone: cell === null || rng.chance(0.15) ? phone(rng, areaCode) : null,
    officePhone: rng.chance(0.2) ? phone(rng, areaCode) : null,
    street: `${100 + rng.int(9_900)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`,
    city: property.city,
    state: property.state,
    postalCode: property.postalCode,
  };
}

export function generateProspects(ds: Dataset, rng: Prng, profile: SizeProfile, tables: DayTables): void {
  const counts = allocateEventCounts(rng, profile.prospects, profile.events);
  const ev = ds.events;
  const dates = new Float64Array(4096);
  const resultIds = new Map<number, number[]>();
  const resultsOf = (typeId: number): number[] => {
    let ids = resultIds.get(typeId);
    if (!ids) resultIds.set(typeId, (ids = resultsForType(typeId).map((r) => r.id)));
    return ids;
  };

  for (let i = 0; i < profile.prospects; i++) {
    const property = i === 0 ? ds.properties[0] : ds.properties[rng.int(ds.properties.length)];
    if (!property) throw new Error('no property');
    const agents = ds.agentsByProperty.get(property.id) ?? [];
    const units = ds.unitsByProperty.get(property.id) ?? [];
    const agent = rng.pick(agents);
    const stageRoll = i === 0 ? 0 : rng.next();
    const stage = stageRoll < 0.55 ? 'lead' : stageRoll < 0.8 ? 'applicant' : 'resident';
    const k = counts[i] ?? 1;
    const prospect: Prospect = {
      index: i,
      applicationId: ds.nextIds.application++,
      propertyId: property.id,
      statusId: LEAD_STATUS.guestCard,
      leadSourceId: rng.pick(LEAD_SOURCES).id,
      leasingAgentId: agent.id,
      createdOnMs: 0,
      lastUpdatedMs: 0,
      customer: makeCustomer(ds, rng, property, i + 1),
      desiredUnitId: rng.chance(0.4) ? rng.pick(units).id : null,
      targetMoveIn: null,
      leaseId: null,
      eventStart: ev.length,
      eventCount: k,
      extraEvents: null,
    };

    if (i === 0) {
      for (const record of showcaseEvents(prospect, property, agent)) {
        const index = ev.append();
        ev.prospect[index] = i;
        ev.type[index] = record.typeId;
        ev.date[index] = record.dateMs;
        ev.details.set(index, { ...record, eventId: ev.firstEventId + index });
      }
      prospect.createdOnMs = SHOWCASE_CREATED_MS;
    } else {
      writeSeededEvents(ds, rng, prospect, stage, { agents, units, agent, tables, dates, resultsOf, timeZone: property.timeZone });
    }

    const lastEvent = ev.date[prospect.eventStart + k - 1] ?? prospect.createdOnMs;
    prospect.lastUpdatedMs = Math.max(prospect.createdOnMs, lastEvent);
    prospect.targetMoveIn = addDays(calendarDateOf(property.timeZone, prospect.createdOnMs), 30 + rng.int(60));

    if (stage === 'lead') {
      const roll = rng.next();
      prospect.statusId = roll < 0.8 ? LEAD_STATUS.guestCard : roll < 0.92 ? LEAD_STATUS.cancelled : 10;
    } else if (stage === 'applicant') {
      prospect.statusId = rng.pick(APPLICANT_STATUSES);
    } else {
      makeLease(ds, rng, prospect, property, units, lastEvent);
    }
    ds.addProspect(prospect);
  }
}

interface EventContext {
  agents: Agent[];
  units: { id: number }[];
  agent: Agent;
  tables: DayTables;
  dates: Float64Array;
  resultsOf: (typeId: number) => number[];
  timeZone: string;
}

function writeSeededEvents(ds: Dataset, rng: Prng, prospect: Prospect, stage: string, c: EventContext): void {
  const ev = ds.events;
  const k = prospect.eventCount;
  const offsets = c.tables.offsetByZone.get(c.timeZone);
  if (!offsets) throw new Error(`no offsets for ${c.timeZone}`);
  const createdDay = rng.int(HISTORY_DAYS);
  const lastDay = Math.min(createdDay + 14 + rng.int(137), HISTORY_DAYS - 1);
  const dates = k <= c.dates.length ? c.dates.subarray(0, k) : new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const day = j === 0 ? createdDay : createdDay + rng.int(lastDay - createdDay + 1);
    // Business hours in the property's own zone; they never straddle a 2 AM DST switch.
    const localMs = (8 * 3600 + rng.int(12 * 3600)) * 1000 + rng.int(1000);
    dates[j] = (c.tables.dayWallMs[day] ?? 0) + localMs - (offsets[day] ?? 0) * 60_000;
  }
  dates.sort();
  prospect.createdOnMs = dates[0] ?? 0;
  const applicationAt = stage !== 'lead' && k >= 2 ? Math.max(1, Math.floor(k * 0.6)) : -1;

  for (let j = 0; j < k; j++) {
    const index = ev.append();
    const typeId =
      j === 0
        ? (FIRST_CONTACT_TYPES[rng.weighted(FIRST_CONTACT_WEIGHTS)] ?? EVENT_TYPE.emailIncoming)
        : j === applicationAt
          ? EVENT_TYPE.application
          : (FOLLOW_UP_TYPES[rng.weighted(FOLLOW_UP_WEIGHTS)] ?? EVENT_TYPE.notes);
    const date = dates[j] ?? 0;
    ev.prospect[index] = prospect.index;
    ev.type[index] = typeId;
    ev.date[index] = date;
    ev.agent[index] = rng.chance(0.7) ? c.agent.id : rng.pick(c.agents).id;
    const results = c.resultsOf(typeId);
    ev.result[index] = results.length > 0 && rng.chance(0.7) ? rng.pick(results) : 0;
    const comments = COMMENTS[typeId]?.length ?? 1;
    ev.comment[index] = rng.chance(0.8) && comments > 1 ? 1 + rng.int(comments - 1) : 0;
    if (typeId === EVENT_TYPE.appointment) {
      ev.subtype[index] = rng.pick(APPOINTMENT_SUBTYPES);
      ev.unit[index] = rng.pick(c.units).id;
      ev.reason[index] = 1 + rng.int(EVENT_REASONS.length - 1);
      const start = date + (1 + rng.int(7)) * DAY_MS;
      ev.apptStart[index] = start - (start % 1_800_000);
      ev.apptMinutes[index] = rng.pick([30, 45, 60]);
    } else if (typeId === EVENT_TYPE.tour) {
      ev.subtype[index] = rng.chance(0.5) ? 524 : 0;
      ev.unit[index] = rng.pick(c.units).id;
    } else if (typeId === EVENT_TYPE.followUp) {
      ev.reason[index] = 1 + rng.int(EVENT_REASONS.length - 1);
    } else if (typeId === EVENT_TYPE.callIncoming || typeId === EVENT_TYPE.callOutgoing) {
      const status = rng.weighted(CALL_STATUS_WEIGHTS);
      ev.callStatus[index] = status;
      ev.callDuration[index] = status === 0 ? 30 + rng.int(870) : rng.int(40);
    }
  }
}

function makeLease(
  ds: Dataset,
  rng: Prng,
  prospect: Prospect,
  property: Property,
  units: { id: number }[],
  lastEventMs: number,
): void {
  const ev = ds.events;
  let completedMs = lastEventMs;
  for (let i = prospect.eventStart; i < prospect.eventStart + prospect.eventCount; i++) {
    if (ev.type[i] === EVENT_TYPE.application) completedMs = ev.date[i] ?? completedMs;
  }
  const start = addDays(calendarDateOf(property.timeZone, completedMs), 7 + rng.int(38));
  const end = addDays(start, 364);
  const anchor = calendarDateOf(property.timeZone, ds.anchorMs);
  let status: number = LEASE_STATUS.current;
  if (compareCalendarDates(start, anchor) > 0) status = LEASE_STATUS.future;
  else if (compareCalendarDates(end, anchor) < 0) status = LEASE_STATUS.past;
  else if (rng.chance(0.15)) status = LEASE_STATUS.notice;
  const lease = {
    id: ds.nextIds.lease++,
    propertyId: property.id,
    unitId: rng.pick(units).id,
    leaseStatusTypeId: status,
    leaseIntervalId: ds.nextIds.leaseInterval++,
    applicationId: prospect.applicationId,
    customerId: prospect.customer.customerId,
    startDate: start,
    endDate: end,
    moveInDate: start,
    moveOutDate: status === LEASE_STATUS.past || status === LEASE_STATUS.notice ? end : null,
    intervalMs: completedMs + 3_600_000,
    applicationCompletedMs: completedMs,
    rent: 1_200 + 25 * rng.int(80),
  };
  ds.addLease(lease);
  prospect.leaseId = lease.id;
  prospect.statusId = LEAD_STATUS.leaseApproved;
  prospect.lastUpdatedMs = Math.max(prospect.lastUpdatedMs, Math.min(lease.intervalMs, ds.anchorMs));
}

