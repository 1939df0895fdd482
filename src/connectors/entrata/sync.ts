import type { ConnectorSync, SyncBatch, SyncSession, SyncSessionOptions, SyncWindow } from '../connector.ts';
import type { ModelName } from '../../store/models.ts';
import type { RecordInput } from '../../store/repositories/records.ts';
import { EntrataClient } from './client.ts';
import type { EntrataCredentials } from './credentials.ts';
import { field, str, type Obj } from './envelope.ts';
import { sharedLimiter } from './rateLimit.ts';
import { mountainDateShifted } from './time.ts';
import { EVENTS_READ } from './choices.ts';
import type { MapContext } from './mappers/common.ts';
import { mapApplicant } from './mappers/applicants.ts';
import { mapEmployee } from './mappers/employees.ts';
import { eventRecords, mapEvent, type People } from './mappers/events.ts';
import { mapEventResult } from './mappers/eventResults.ts';
import { mapEventSubType } from './mappers/eventSubTypes.ts';
import { mapEventType } from './mappers/eventTypes.ts';
import { mapLead } from './mappers/leads.ts';
import { mapLeadSource } from './mappers/leadSources.ts';
import { readPickLists, type PickLists } from './mappers/pickLists.ts';
import { mapProperty, propertyRecords } from './mappers/properties.ts';
import { applicantIdOf, applicationIdOf, hasApplicant, prospectRecords, stageOf } from './mappers/prospects.ts';
import { leaseApplicationIds, leaseCustomers, leaseRecords, mapResident } from './mappers/residents.ts';
import { mapUnit, unitRecords } from './mappers/units.ts';

const PER_PAGE = 1000;
/** getLeads/getLeadEvents take at most 5 event type ids (reference §2.2). */
const TYPES_PER_CALL = 5;
/** Lease status types asked of getLeases, whose default is Current and Notice only (§2.10). */
const ALL_LEASE_STATUSES = '1,2,3,4,5,6';
const EPOCH = '01/01/1970';

export const entrataSyncModels: readonly ModelName[] = [
  'properties', 'units', 'employees', 'lead_sources', 'event_types', 'event_sub_types', 'event_results',
  'leads', 'applicants', 'residents', 'events',
];

interface Cursor {
  /** Index of the property in getProperties order. */
  p: number;
  /** Event-type group (events) or record offset (leads, applicants). */
  g?: number;
  /** Next page to read (events). */
  page?: number;
}

const enc = (c: Cursor): string => JSON.stringify(c);
const dec = (s: string | null): Cursor => (s ? (JSON.parse(s) as Cursor) : { p: 0 });

/** Date filters are whole MT days: widen by a day on each side so no edge is lost. */
function dateRange(w: SyncWindow): { from: string; to: string } {
  return { from: w.kind === 'full' || !w.since ? EPOCH : mountainDateShifted(w.since, -1), to: mountainDateShifted(w.until, 1) };
}

class EntrataSyncSession implements SyncSession {
  private readonly client: EntrataClient;
  private readonly ctx: MapContext;
  private properties?: Obj[];
  private readonly pickLists = new Map<string, Promise<PickLists>>();
  private readonly prospects = new Map<string, Promise<Obj[]>>();
  private readonly leases = new Map<string, Promise<Obj[]>>();

  constructor(opts: SyncSessionOptions<EntrataCredentials>) {
    this.client = new EntrataClient(opts.credentials, { integrationId: opts.integrationId, limiter: sharedLimiter(opts.db) });
    this.ctx = { integrationId: opts.integrationId };
  }

  callCount(): number {
    return this.client.calls;
  }

  async *syncModel(model: ModelName, window: SyncWindow, cursor: string | null): AsyncIterable<SyncBatch> {
    const props = await this.propertyList();
    if (model === 'properties') {
      yield { records: props.map((p) => mapProperty(this.ctx, p)), cursor: null, progress: { done: 1, total: 1 } };
      return;
    }
    const start = dec(cursor);
    for (let i = start.p; i < props.length; i++) {
      const pid = str(field(props[i], 'PropertyID', 'propertyId'));
      if (!pid) continue;
      const progress = { done: i + 1, total: props.length };
      const resume = i === start.p ? start : { p: i };
      if (model === 'leads' || model === 'applicants') {
        const records = await this.people(pid, model, window);
        for (let off = resume.g ?? 0; off < records.length; off += PER_PAGE) {
          const end = Math.min(records.length, off + PER_PAGE);
          yield { records: records.slice(off, end), cursor: enc(end < records.length ? { p: i, g: end } : { p: i + 1 }), progress };
        }
        if (records.length === 0) yield { records: [], cursor: enc({ p: i + 1 }), progress };
      } else if (model === 'events') {
        yield* this.events(pid, i, resume, window, progress);
      } else {
        yield { records: await this.perProperty(model, pid), cursor: enc({ p: i + 1 }), progress };
      }
    }
  }

  private async perProperty(model: ModelName, pid: string): Promise<RecordInput[]> {
    if (model === 'units') {
      const res = await this.client.call({ service: 'propertyunits', method: 'getPropertyUnits', params: { propertyIds: pid } });
      return unitRecords(res.result).map((u) => mapUnit(this.ctx, u.propertyXId, u.unit));
    }
    if (model === 'residents') {
      const out: RecordInput[] = [];
      for (const lease of await this.leaseList(pid)) for (const c of leaseCustomers(lease)) out.push(mapResident(this.ctx, pid, lease, c));
      return out;
    }
    const lists = await this.pickList(pid);
    switch (model) {
      case 'employees':
        return lists.leasingAgents.map((a) => mapEmployee(this.ctx, pid, a));
      case 'lead_sources':
        return lists.leadSources.map((s) => mapLeadSource(this.ctx, pid, s));
      case 'event_types':
        return lists.eventTypes.map((t) => mapEventType(this.ctx, lists, t));
      case 'event_sub_types':
        return lists.eventSubTypes.map((s) => mapEventSubType(this.ctx, pid, s));
      case 'event_results':
        return lists.eventResults.map((r) => mapEventResult(this.ctx, lists, r));
      default:
        throw new Error(`the Entrata connector cannot sync ${model}`);
    }
  }

  /** Leads (every prospect in the window) or applicants (those at application stage or beyond) of a property. */
  private async people(pid: string, model: 'leads' | 'applicants', window: SyncWindow): Promise<RecordInput[]> {
    const leased = await this.leasedApplications(pid);
    const out: RecordInput[] = [];
    for (const p of await this.prospectList(pid, dateRange(window))) {
      const appId = applicationIdOf(p);
      if (!appId) continue;
      if (model === 'leads') out.push(mapLead(this.ctx, pid, p));
      else if (hasApplicant(stageOf(str(field(p, 'status')), leased.has(appId)))) out.push(mapApplicant(this.ctx, pid, p));
    }
    return out;
  }

  private async *events(pid: string, i: number, resume: Cursor, window: SyncWindow, progress: { done: number; total: number }): AsyncIterable<SyncBatch> {
    const lists = await this.pickList(pid);
    const people = await this.peopleMap(pid);
    // Events come last: the property's prospects and leases are only needed as this small map now.
    for (const key of this.prospects.keys()) if (key.startsWith(`${pid}|`)) this.prospects.delete(key);
    this.leases.delete(pid);
    const agents = new Map(lists.leasingAgents.map((a) => [a.id, a.name]));
    const ectx = { ...this.ctx, peopleOf: (a: string) => people.get(a), agentName: (id: string) => agents.get(id) ?? null };
    const typeIds = lists.eventTypes.map((t) => t.id);
    const groups: string[][] = [];
    for (let k = 0; k < typeIds.length; k += TYPES_PER_CALL) groups.push(typeIds.slice(k, k + TYPES_PER_CALL));
    const { from, to } = dateRange(window);
    for (let g = resume.g ?? 0; g < groups.length; g++) {
      const startPage = g === (resume.g ?? 0) ? (resume.page ?? 1) : 1;
      // EVENTS_READ (choices.ts): getLeads, whose events carry the notes; it lists every
      // application of the property (fromDate/toDate filter applications, not events).
      const params = { propertyId: pid, fromDate: EPOCH, toDate: mountainDateShifted(Date.now(), 1), eventTypeIds: (groups[g] ?? []).join(','), eventDateFrom: from, eventDateTo: to };
      for await (const page of this.client.pages({ ...EVENTS_READ, params }, PER_PAGE, startPage)) {
        const records = eventRecords(page.result).map((r) => mapEvent(ectx, pid, r.applicationId, r.event));
        const next: Cursor = page.lastPage ? (g + 1 < groups.length ? { p: i, g: g + 1, page: 1 } : { p: i + 1 }) : { p: i, g, page: page.pageNo + 1 };
        yield { records, cursor: enc(next), progress };
        if (page.lastPage) break;
      }
    }
    if (groups.length === 0) yield { records: [], cursor: enc({ p: i + 1 }), progress };
  }

  /**
   * applicationId → its person records over the property's whole history: the lead always, the
   * applicant and the lease customers when the application got that far (events link to all).
   */
  private async peopleMap(pid: string): Promise<Map<string, People>> {
    const map = new Map<string, People>();
    const leased = await this.leasedApplications(pid);
    const get = (a: string): People => map.get(a) ?? (map.set(a, { leads: [], applicants: [], residents: [] }).get(a) as People);
    for (const lease of await this.leaseList(pid)) {
      for (const appId of leaseApplicationIds(lease)) {
        for (const c of leaseCustomers(lease)) {
          const cid = str(field(c, 'id', 'customerId'));
          if (cid) get(appId).residents.push(cid);
        }
      }
    }
    for (const p of await this.prospectList(pid, { from: EPOCH, to: mountainDateShifted(Date.now(), 1) })) {
      const appId = applicationIdOf(p);
      if (!appId) continue;
      const people = get(appId);
      people.leads.push(appId);
      if (hasApplicant(stageOf(str(field(p, 'status')), leased.has(appId)))) people.applicants.push(applicantIdOf(p) ?? appId);
    }
    return map;
  }

  private async propertyList(): Promise<Obj[]> {
    if (!this.properties) {
      const res = await this.client.call({ service: 'properties', method: 'getProperties', params: {} });
      this.properties = propertyRecords(res.result);
    }
    return this.properties;
  }

  private pickList(pid: string): Promise<PickLists> {
    let p = this.pickLists.get(pid);
    if (!p) {
      p = this.client.call({ service: 'leads', method: 'getLeadPickLists', version: 'r2', params: { propertyId: pid } }).then((r) => readPickLists(pid, r.result));
      this.pickLists.set(pid, p);
      p.catch(() => this.pickLists.delete(pid));
    }
    return p;
  }

  private prospectList(pid: string, range: { from: string; to: string }): Promise<Obj[]> {
    // A full-history list serves any narrower window's stage questions, so key by range.
    const key = `${pid}|${range.from}|${range.to}`;
    let p = this.prospects.get(key);
    if (!p) {
      p = this.collect({ service: 'leads', method: 'getLeads', params: { propertyId: pid, fromDate: range.from, toDate: range.to } }, prospectRecords);
      this.prospects.set(key, p);
      p.catch(() => this.prospects.delete(key));
    }
    return p;
  }

  private leaseList(pid: string): Promise<Obj[]> {
    let p = this.leases.get(pid);
    if (!p) {
      p = this.collect({ service: 'leases', method: 'getLeases', version: 'r2', params: { propertyId: pid, leaseStatusTypeIds: ALL_LEASE_STATUSES } }, leaseRecords);
      this.leases.set(pid, p);
      p.catch(() => this.leases.delete(pid));
    }
    return p;
  }

  private async leasedApplications(pid: string): Promise<Set<string>> {
    return new Set((await this.leaseList(pid)).flatMap(leaseApplicationIds));
  }

  private async collect(req: { service: string; method: string; version?: string; params: Obj }, read: (r: unknown) => Obj[]): Promise<Obj[]> {
    const out: Obj[] = [];
    for await (const page of this.client.pages(req, PER_PAGE)) out.push(...read(page.result));
    return out;
  }
}

export const entrataSync: ConnectorSync<EntrataCredentials> = {
  models: entrataSyncModels,
  openSession: (opts) => new EntrataSyncSession(opts),
};
