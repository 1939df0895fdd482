import type { CalendarDate } from '../time.ts';
import { LEAD_STATUS_BY_ID } from './catalog.ts';
import type { EventStore } from './eventStore.ts';

export type DatasetSize = 'small' | 'medium' | 'large';

export interface Company {
  name: string;
  subdomain: string;
  username: string;
  password: string;
  apiKey: string;
}

export interface OfficeHour {
  day: string;
  openTime: string | null;
  closeTime: string | null;
}

export interface Property {
  id: number;
  name: string;
  type: string;
  street: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  email: string;
  phone: string;
  /** Internal only: Entrata has no zone field; clients derive it from the state. */
  timeZone: string;
  yearBuilt: number;
  shortDescription: string;
  longDescription: string;
  website: string;
  isDisabled: boolean;
  officeHours: OfficeHour[];
}

export interface Unit {
  id: number;
  propertyId: number;
  unitNumber: string;
  buildingId: number;
  buildingName: string;
  floorplanId: number;
  floorplanName: string;
  unitTypeId: number;
  unitTypeName: string;
  bedrooms: number;
  bathrooms: number;
  squareFeet: number;
}

export interface Agent {
  id: number;
  propertyId: number;
  firstName: string;
  lastName: string;
  email: string;
}

export interface Customer {
  customerId: number;
  /** Every application has an applicant record from the guest card on, as sendLeads shows. */
  applicantId: number;
  firstName: string;
  lastName: string;
  email: string;
  cellPhone: string | null;
  homePhone: string | null;
  officePhone: string | null;
  street: string;
  city: string;
  state: string;
  postalCode: string;
}

/** A lead is an application: Entrata's leadId, applicationId and a prospect are one record. */
export interface Prospect {
  index: number;
  applicationId: number;
  propertyId: number;
  statusId: number;
  leadSourceId: number;
  leasingAgentId: number;
  createdOnMs: number;
  lastUpdatedMs: number;
  customer: Customer;
  desiredUnitId: number | null;
  targetMoveIn: CalendarDate | null;
  leaseId: number | null;
  /** Seeded events occupy one contiguous, date-ordered range of the event store. */
  eventStart: number;
  eventCount: number;
  /** Events added later (API writes, mutations), as event-store indexes. */
  extraEvents: number[] | null;
}

export interface Lease {
  id: number;
  propertyId: number;
  unitId: number;
  leaseStatusTypeId: number;
  leaseIntervalId: number;
  applicationId: number;
  customerId: number;
  startDate: CalendarDate;
  endDate: CalendarDate;
  moveInDate: CalendarDate;
  moveOutDate: CalendarDate | null;
  intervalMs: number;
  applicationCompletedMs: number;
  rent: number;
}

export interface CallData {
  callId: string;
  callFrom: string;
  ringThrough: string;
  callStatus: string;
  duration: number;
  audioLink: string;
}

export interface EmailData {
  from: string | null;
  to: string | null;
  cc: string | null;
  bcc: string | null;
  subject: string | null;
  body: string | null;
  sendEmail: boolean | null;
}

export interface Appointment {
  startMs: number;
  endMs: number | null;
  /** False when only `appointmentDate` was given: then no timeFrom/timeTo come back. */
  hasTime: boolean;
}

export interface EventRecord {
  eventId: number;
  applicationId: number;
  propertyId: number;
  typeId: number;
  subtypeId: number | null;
  eventResultId: number | null;
  dateMs: number;
  eventReasons: string | null;
  comments: string | null;
  title: string | null;
  leasingAgentId: number | null;
  propertyUnitId: number | null;
  appointment: Appointment | null;
  callData: CallData | null;
  emailData: EmailData | null;
  origin: 'seed' | 'api' | 'mutation';
}

export interface IdCounters {
  application: number;
  customer: number;
  applicant: number;
  lease: number;
  leaseInterval: number;
}

export class Dataset {
  readonly properties: Property[] = [];
  readonly propertyById = new Map<number, Property>();
  readonly units: Unit[] = [];
  readonly unitById = new Map<number, Unit>();
  readonly unitsByProperty = new Map<number, Unit[]>();
  readonly agents: Agent[] = [];
  readonly agentById = new Map<number, Agent>();
  readonly agentsByProperty = new Map<number, Agent[]>();
  readonly prospects: Prospect[] = [];
  readonly prospectByAppId = new Map<number, Prospect>();
  readonly prospectsByProperty = new Map<number, Prospect[]>();
  readonly prospectByCustomerId = new Map<number, Prospect>();
  readonly leases: Lease[] = [];
  readonly leaseById = new Map<number, Lease>();
  readonly leasesByProperty = new Map<number, Lease[]>();

  constructor(
    readonly seed: number,
    readonly size: DatasetSize,
    readonly company: Company,
    readonly anchorMs: number,
    readonly events: EventStore,
    readonly nextIds: IdCounters,
  ) {}

  addProperty(p: Property): void {
    this.properties.push(p);
    this.propertyById.set(p.id, p);
    this.unitsByProperty.set(p.id, []);
    this.agentsByProperty.set(p.id, []);
    this.prospectsByProperty.set(p.id, []);
    this.leasesByProperty.set(p.id, []);
  }

  addUnit(u: Unit): void {
    this.units.push(u);
    this.unitById.set(u.id, u);
    this.unitsByProperty.get(u.propertyId)?.push(u);
  }

  addAgent(a: Agent): void {
    this.agents.push(a);
    this.agentById.set(a.id, a);
    this.agentsByProperty.get(a.propertyId)?.push(a);
  }

  /** Application ids only grow, so per-property lists stay sorted by id for stable paging. */
  addProspect(p: Prospect): void {
    this.prospects.push(p);
    this.prospectByAppId.set(p.applicationId, p);
    this.prospectsByProperty.get(p.propertyId)?.push(p);
    this.prospectByCustomerId.set(p.customer.customerId, p);
  }

  addLease(l: Lease): void {
    this.leases.push(l);
    this.leaseById.set(l.id, l);
    this.leasesByProperty.get(l.propertyId)?.push(l);
  }

  stageOf(p: Prospect): 'lead' | 'applicant' | 'resident' {
    if (p.leaseId !== null) return 'resident';
    return LEAD_STATUS_BY_ID.get(p.statusId)?.stage ?? 'lead';
  }

  /** Event-store indexes of a prospect's events, oldest first. */
  eventIndexes(p: Prospect): number[] {
    const out: number[] = [];
    for (let i = p.eventStart; i < p.eventStart + p.eventCount; i++) out.push(i);
    if (p.extraEvents) {
      out.push(...p.extraEvents);
      const date = this.events.date;
      out.sort((a, b) => (date[a] ?? 0) - (date[b] ?? 0) || a - b);
    }
    return out;
  }

  eventIndexById(eventId: number): number | null {
    const index = eventId - this.events.firstEventId;
    return Number.isInteger(index) && index >= 0 && index < this.events.length ? index : null;
  }

  appendEvent(p: Prospect, record: Omit<EventRecord, 'eventId'>): EventRecord {
    const index = this.events.append();
    const full: EventRecord = { ...record, eventId: this.events.firstEventId + index };
    this.writeEvent(index, p, full);
    (p.extraEvents ??= []).push(index);
    return full;
  }

  replaceEvent(index: number, p: Prospect, record: EventRecord): void {
    this.writeEvent(index, p, record);
  }

  private writeEvent(index: number, p: Prospect, record: EventRecord): void {
    const ev = this.events;
    ev.prospect[index] = p.index;
    ev.type[index] = record.typeId;
    ev.date[index] = record.dateMs;
    ev.details.set(index, record);
  }

  counts(): DatasetCounts {
    let leads = 0;
    let applicants = 0;
    let residents = 0;
    for (const p of this.prospects) {
      const stage = this.stageOf(p);
      if (stage === 'lead') leads++;
      else if (stage === 'applicant') applicants++;
      else residents++;
    }
    return {
      properties: this.properties.length,
      units: this.units.length,
      leasingAgents: this.agents.length,
      prospects: this.prospects.length,
      leads,
      applicants,
      residents,
      customers: this.prospects.length,
      leases: this.leases.length,
      events: this.events.length,
    };
  }
}

export interface DatasetCounts {
  properties: number;
  units: number;
  leasingAgents: number;
  /** All applications (every stage). */
  prospects: number;
  leads: number;
  applicants: number;
  residents: number;
  /** One primary customer per application. */
  customers: number;
  leases: number;
  events: number;
}
