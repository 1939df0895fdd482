import { EVENT_TYPE_BY_ID, LEAD_SOURCE_BY_ID, LEAD_STATUS_BY_ID, LEASE_STATUS_NAMES, RESULT_BY_ID, SUB_TYPE_BY_ID } from '../dataset/catalog.ts';
import type { Dataset, EventRecord, Prospect } from '../dataset/model.ts';
import type { SandboxProfile } from '../profile.ts';
import { formatCalendarDate, formatMtDate, formatMtDateTime, formatMtTime } from '../time.ts';

export type EventFlavor = 'getLeads' | 'getLeadEvents';

/** The event fields each read carries in the `spec` profile (profile.ts; reference §7.1.2, §7.2.2). */
const SPEC_EVENT_FIELDS: Record<EventFlavor, ReadonlySet<string>> = {
  getLeadEvents: new Set(['eventId', 'typeId', 'type', 'leaseId', 'leaseIntervalId', 'applicantId', 'date', 'appointmentDate', 'timeFrom', 'timeTo', 'eventResultId', 'eventResult', 'eventReason']),
  getLeads: new Set(['eventId', 'type', 'typeId', 'leaseId', 'leaseIntervalId', 'applicantId', 'comments', 'eventReasons', 'date', 'appointmentDate', 'timeFrom', 'timeTo', 'eventResultId', 'eventResult', 'callData']),
};
const SPEC_CALL_FIELDS = ['callId', 'callFrom', 'ringThrough', 'duration', 'callStatus'] as const;

/** MM/DD/YYYY[…] → YYYY-MM-DD: the published examples' date form. */
const isoDay = (mt: string): string => `${mt.slice(6, 10)}-${mt.slice(0, 2)}-${mt.slice(3, 5)}`;

/** An event as the `spec` profile serves it: only the evidenced fields, dates without a time. */
function specEvent(out: Json, flavor: EventFlavor): Json {
  const allowed = SPEC_EVENT_FIELDS[flavor];
  const spec: Json = {};
  for (const [k, v] of Object.entries(out)) if (allowed.has(k)) spec[k] = v;
  if (typeof spec.date === 'string') spec.date = isoDay(spec.date);
  if (typeof spec.appointmentDate === 'string') spec.appointmentDate = isoDay(spec.appointmentDate);
  if (spec.callData && typeof spec.callData === 'object') {
    const call = spec.callData as Json;
    spec.callData = Object.fromEntries(SPEC_CALL_FIELDS.filter((k) => call[k] !== undefined).map((k) => [k, call[k]]));
  }
  return spec;
}

type Json = Record<string, unknown>;

/** Drops null/undefined members: an event only carries the nodes it has. */
function compact(o: Record<string, unknown>): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/**
 * One event as getLeads / getLeadEvents return it. Ids are strings except where the spec's
 * getLeadEvents example shows numbers (leaseId, leaseIntervalId, eventResultId). `emailData` is
 * our addition to the read shape so a client can match what it wrote (README: "Our choices").
 */
export function serializeEvent(ds: Dataset, e: EventRecord, flavor: EventFlavor, profile: SandboxProfile = 'rich'): Json {
  // Built field by field rather than through compact(): this runs for every event of a sync.
  const prospect = ds.prospectByAppId.get(e.applicationId);
  const lease = prospect?.leaseId ? ds.leaseById.get(prospect.leaseId) : undefined;
  const numericIds = flavor === 'getLeadEvents';
  const out: Json = { eventId: String(e.eventId), typeId: String(e.typeId) };
  const type = EVENT_TYPE_BY_ID.get(e.typeId);
  if (type) out.type = type.name;
  if (e.subtypeId) {
    out.subtypeId = String(e.subtypeId);
    const sub = SUB_TYPE_BY_ID.get(e.subtypeId);
    if (sub) out.subtype = sub.name;
  }
  if (lease) {
    out.leaseId = numericIds ? lease.id : String(lease.id);
    out.leaseIntervalId = numericIds ? lease.leaseIntervalId : String(lease.leaseIntervalId);
  }
  if (prospect) out.applicantId = String(prospect.customer.applicantId);
  out.date = formatMtDateTime(e.dateMs);
  if (e.eventReasons !== null) out[numericIds ? 'eventReason' : 'eventReasons'] = e.eventReasons;
  if (e.comments !== null) out.comments = e.comments;
  if (e.title !== null) out.title = e.title;
  if (e.leasingAgentId) {
    out.leasingAgentId = String(e.leasingAgentId);
    const agent = ds.agentById.get(e.leasingAgentId);
    if (agent) out.leasingAgent = `${agent.firstName} ${agent.lastName}`;
  }
  if (e.propertyUnitId) {
    out.propertyUnitId = String(e.propertyUnitId);
    const unit = ds.unitById.get(e.propertyUnitId);
    if (unit) out.unitNumber = unit.unitNumber;
  }
  const appt = e.appointment;
  if (appt) {
    out.appointmentDate = formatMtDate(appt.startMs);
    if (appt.hasTime) {
      out.timeFrom = formatMtTime(appt.startMs);
      if (appt.endMs !== null) out.timeTo = formatMtTime(appt.endMs);
    }
  }
  if (e.eventResultId) {
    out.eventResultId = numericIds ? e.eventResultId : String(e.eventResultId);
    const result = RESULT_BY_ID.get(e.eventResultId);
    if (result) out.eventResult = result.name;
  }
  if (e.callData) out.callData = { ...e.callData, duration: String(e.callData.duration) };
  if (e.emailData) {
    const m = e.emailData;
    out.emailData = compact({ ...m, sendEmail: m.sendEmail === null ? null : m.sendEmail ? '1' : '0' });
  }
  return profile === 'spec' ? specEvent(out, flavor) : out;
}

export function serializeProspect(ds: Dataset, p: Prospect, events: Json[] | undefined): Json {
  const status = LEAD_STATUS_BY_ID.get(p.statusId);
  const agent = ds.agentById.get(p.leasingAgentId);
  const lease = p.leaseId ? ds.leaseById.get(p.leaseId) : undefined;
  const unit = p.desiredUnitId ? ds.unitById.get(p.desiredUnitId) : undefined;
  const c = p.customer;
  return compact({
    applicationId: String(p.applicationId),
    propertyId: String(p.propertyId),
    status: status?.name ?? 'Guest Card',
    statusId: String(p.statusId),
    leadSourceId: String(p.leadSourceId),
    leadSource: LEAD_SOURCE_BY_ID.get(p.leadSourceId)?.name ?? null,
    leasingAgentId: String(p.leasingAgentId),
    leasingAgent: agent ? `${agent.firstName} ${agent.lastName}` : '',
    psProductId: '7',
    lastUpdatedDate: formatMtDateTime(p.lastUpdatedMs),
    createdOn: formatMtDateTime(p.createdOnMs),
    lease: lease
      ? compact({
          leaseId: String(lease.id),
          status: LEASE_STATUS_NAMES[lease.leaseStatusTypeId] ?? 'Current',
          leaseIntervalId: String(lease.leaseIntervalId),
          expectedMoveInDate: formatCalendarDate(lease.moveInDate),
          expectedMoveOutDate: lease.moveOutDate ? formatCalendarDate(lease.moveOutDate) : null,
          leaseFromDate: formatCalendarDate(lease.startDate),
          leaseToDate: formatCalendarDate(lease.endDate),
        })
      : {},
    customers: {
      customer: [
        compact({
          customerId: String(c.customerId),
          applicantId: String(c.applicantId),
          customerType: 'Primary',
          namePrefix: '',
          firstName: c.firstName,
          middleName: '',
          lastName: c.lastName,
          personalPhoneNumber: c.homePhone,
          cellPhoneNumber: c.cellPhone,
          officePhoneNumber: c.officePhone,
          email: c.email,
          addresses: {
            address: [{ addressType: 'Current', addressLine: c.street, city: c.city, state: c.state, countryCode: 'US', postalCode: c.postalCode }],
          },
          isActiveBankruptcy: false,
        }),
      ],
    },
    customerPreferences: compact({
      targetMoveInDate: p.targetMoveIn ? formatCalendarDate(p.targetMoveIn) : null,
      desiredUnit: unit
        ? {
            propertyUnitId: String(unit.id),
            unitNumber: unit.unitNumber,
            floorplanId: String(unit.floorplanId),
            floorplanName: unit.floorplanName,
            unitType: unit.unitTypeName,
          }
        : null,
    }),
    events: events ? { event: events } : null,
  });
}
