import { calendarDateOf, type CalendarDate } from '../time.ts';
import { EVENT_TYPE, LEAD_STATUS, LEASE_STATUS } from './catalog.ts';
import type { Dataset, EventRecord, Lease, Prospect } from './model.ts';

/** Changes an Entrata user (or a guest card) makes; shared by sendLeads and the mutations API. */

export interface NewLead {
  propertyId: number;
  firstName: string;
  lastName: string;
  email: string;
  cellPhone: string | null;
  homePhone: string | null;
  officePhone: string | null;
  leadSourceId: number;
  leasingAgentId: number | null;
  statusId: number;
  createdMs: number;
  targetMoveIn: CalendarDate | null;
}

export function createProspect(ds: Dataset, lead: NewLead, now: number): Prospect {
  const property = ds.propertyById.get(lead.propertyId);
  if (!property) throw new Error(`no property ${lead.propertyId}`);
  const agents = ds.agentsByProperty.get(property.id) ?? [];
  const prospect: Prospect = {
    index: ds.prospects.length,
    applicationId: ds.nextIds.application++,
    propertyId: property.id,
    statusId: lead.statusId,
    leadSourceId: lead.leadSourceId,
    // Entrata assigns a leasing agent to every guest card; round-robin stands in for its rules.
    leasingAgentId: lead.leasingAgentId ?? agents[ds.prospects.length % Math.max(1, agents.length)]?.id ?? 0,
    createdOnMs: lead.createdMs,
    lastUpdatedMs: now,
    customer: {
      customerId: ds.nextIds.customer++,
      applicantId: ds.nextIds.applicant++,
      firstName: lead.firstName,
      lastName: lead.lastName,
      email: lead.email,
      cellPhone: lead.cellPhone,
      homePhone: lead.homePhone,
      officePhone: lead.officePhone,
      street: '',
      city: property.city,
      state: property.state,
      postalCode: property.postalCode,
    },
    desiredUnitId: null,
    targetMoveIn: lead.targetMoveIn,
    leaseId: null,
    eventStart: ds.events.length,
    eventCount: 0,
    extraEvents: null,
  };
  ds.addProspect(prospect);
  return prospect;
}

/** Marks the application started and records the Application (131) event, as Entrata does. */
export function moveToApplicant(ds: Dataset, p: Prospect, statusId: number, now: number): EventRecord {
  p.statusId = statusId;
  p.lastUpdatedMs = now;
  return ds.appendEvent(p, {
    applicationId: p.applicationId,
    propertyId: p.propertyId,
    typeId: EVENT_TYPE.application,
    subtypeId: null,
    eventResultId: 181,
    dateMs: now,
    eventReasons: null,
    comments: 'Application started.',
    title: null,
    leasingAgentId: p.leasingAgentId || null,
    propertyUnitId: null,
    appointment: null,
    callData: null,
    emailData: null,
    origin: 'mutation',
  });
}

export interface MoveInOptions {
  unitId: number;
  startDate: CalendarDate | null;
  leaseStatusTypeId: number | null;
  rent: number | null;
}

/** Approves the application and creates the lease whose interval points back at it. */
export function moveToResident(ds: Dataset, p: Prospect, opts: MoveInOptions, now: number): Lease {
  const property = ds.propertyById.get(p.propertyId);
  if (!property) throw new Error(`no property ${p.propertyId}`);
  const start = opts.startDate ?? calendarDateOf(property.timeZone, now);
  const endDay = new Date(Date.UTC(start.year, start.month - 1, start.day + 364));
  const lease: Lease = {
    id: ds.nextIds.lease++,
    propertyId: p.propertyId,
    unitId: opts.unitId,
    leaseStatusTypeId: opts.leaseStatusTypeId ?? LEASE_STATUS.current,
    leaseIntervalId: ds.nextIds.leaseInterval++,
    applicationId: p.applicationId,
    customerId: p.customer.customerId,
    startDate: start,
    endDate: { year: endDay.getUTCFullYear(), month: endDay.getUTCMonth() + 1, day: endDay.getUTCDate() },
    moveInDate: start,
    moveOutDate: null,
    intervalMs: now,
    applicationCompletedMs: now,
    rent: opts.rent ?? 1_500,
  };
  ds.addLease(lease);
  p.leaseId = lease.id;
  p.statusId = LEAD_STATUS.leaseApproved;
  p.lastUpdatedMs = now;
  return lease;
}
