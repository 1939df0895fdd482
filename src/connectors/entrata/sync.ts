import type { ConnectorSync, SyncBatch, SyncSession, SyncSessionOptions, SyncWindow } from '../connector.ts';
import type { ModelName } from '../../store/models.ts';
import type { RecordInput } from '../../store/repositories/records.ts';
import { EntrataClient } from './client.ts';
import { entrataOrganization, type EntrataCredentials } from './credentials.ts';
import { field, str, type Obj } from './envelope.ts';
import { sharedLimiter } from './rateLimit.ts';
import { PmsCache } from '../shared/pmsCache.ts';
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
/**
 * How long an incremental run serves the property list and a property's pick lists from the
 * store's cache (connector_cache) instead of asking Entrata: they change rarely (a new agent, a
 * new event type), and each costs a call per property per run otherwise. A full sync always
 * reads them afresh (and refreshes the cache).
 */
export const PICK_LISTS_MAX_AGE_MS = 6 * 3_600_000;

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
  private properties?: Promise<Obj[]> | undefined;
  private readonly pickLists = new Map<string, Promise<PickLists>>();
  private readonly prospects = new Map<string, Promise<Obj[]>>();
  private readonly leases = new Map<string, Promise<Obj[]>>();
  private readonly cache: PmsCache;
  /** Whether cached pick lists and properties may serve this run: not when any model syncs in full. */
  private cacheServes = true;
  /** Cache keys name the company and host, so credentials moved to another company read afresh. */
  private readonly cachePrefix: string;

  constructor(opts: SyncSessionOptions<EntrataCredentials>) {
    this.client = new EntrataClient(opts.credentials, { integrationId: opts.integrationId, limiter: sharedLimiter(opts.db) });
    this.ctx = { integrationId: opts.integrationId };
    this.cache = new PmsCache(opts.db, opts.integrationId);
    this.cachePrefix = `${opts.credentials.base_url ?? ''}|${entrataOrganization(opts.credentials)}|`;
  }

  callCount(): number {
    return this.client.calls;
  }

  async *syncModel(model: ModelName, window: SyncWindow, cursor: string | null): AsyncIterable<SyncBatch> {
    if (window.kind === 'full') this.cacheServes = false;
    // Syncing the properties model reads them, one call a run whatever the portfolio's size: the
    // run's own data, and Entrata's word on the credentials (can_authenticate) even when every
    // other list comes from the cache. Other models use this run's list or the cache.
    if (model === 'properties') this.properties = this.readProperties();
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
    const { from, to } = dateRange(window);
    let typeIds = lists.eventTypes.map((t) => t.id);
    // Incremental: one getLeadEvents call (per 1,000 applications with events in the window)
    // says which applications and event types have events in the window, so a run in which
    // nothing changed costs one call per property whatever the number of leads and events.
    let changedApps: string[] | null = null;
    if (window.kind === 'incremental' && typeIds.length > 0) {
      const changed = await this.eventsInWindow(pid, typeIds, from, to);
      if (changed.apps.size === 0) {
        this.dropPeople(pid);
        yield { records: [], cursor: enc({ p: i + 1 }), progress };
        return;
      }
      changedApps = [...changed.apps];
      // Only the types that have new events (all of them if the answer named none).
      if (changed.types.size > 0) typeIds = [...changed.types].sort((a, b) => Number(a) - Number(b));
    }
    const people = await this.peopleMap(pid);
    // Events come last: the property's prospects and leases are only needed as this small map now.
    this.dropPeople(pid);
    const agents = new Map(lists.leasingAgents.map((a) => [a.id, a.name]));
    const ectx = { ...this.ctx, peopleOf: (a: string) => people.get(a), agentName: (id: string) => agents.get(id) ?? null };
    const groups: string[][] = [];
    for (let k = 0; k < typeIds.length; k += TYPES_PER_CALL) groups.push(typeIds.slice(k, k + TYPES_PER_CALL));
    if (groups.length === 0) {
      yield { records: [], cursor: enc({ p: i + 1 }), progress };
      return;
    }
    // An incremental run restarts a property's events from its first group: what changed is
    // small and upserts are idempotent, while a cursor into a list that may have grown is not.
    const startGroup = changedApps ? 0 : (resume.g ?? 0);
    // Per application (one getLeads per changed application and group) when that is fewer calls
    // than listing every application of the property once per group.
    if (changedApps && changedApps.length <= Math.ceil(people.size / PER_PAGE)) {
      for (let g = startGroup; g < groups.length; g++) {
        const records: RecordInput[] = [];
        for (const appId of changedApps) {
          const params = { propertyId: pid, leadId: appId, eventTypeIds: (groups[g] ?? []).join(','), eventDateFrom: from, eventDateTo: to };
          const res = await this.client.call({ ...EVENTS_READ, params });
          records.push(...eventRecords(res.result).filter((r) => r.applicationId === appId).map((r) => mapEvent(ectx, pid, r.applicationId, r.event)));
        }
        yield { records, cursor: enc(g + 1 < groups.length ? { p: i, g: g + 1, page: 1 } : { p: i + 1 }), progress };
      }
      return;
    }
    for (let g = startGroup; g < groups.length; g++) {
      const startPage = !changedApps && g === (resume.g ?? 0) ? (resume.page ?? 1) : 1;
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
  }

  private dropPeople(pid: string): void {
    for (const key of this.prospects.keys()) if (key.startsWith(`${pid}|`)) this.prospects.delete(key);
    this.leases.delete(pid);
  }

  /**
   * Which applications, and which event types, have events dated in the window: getLeadEvents
   * with event types and an event date range lists only the applications that have such events
   * (reference §2.3), so an unchanged property answers with none.
   */
  private async eventsInWindow(pid: string, typeIds: string[], from: string, to: string): Promise<{ apps: Set<string>; types: Set<string> }> {
    const apps = new Set<string>();
    const types = new Set<string>();
    const params = { propertyId: pid, eventTypeIds: typeIds.join(','), eventDateFrom: from, eventDateTo: to };
    for await (const page of this.client.pages({ service: 'leads', method: 'getLeadEvents', params }, PER_PAGE)) {
      for (const r of eventRecords(page.result)) {
        apps.add(r.applicationId);
        const t = str(field(r.event, 'typeId'));
        if (t) types.add(t);
      }
    }
    return { apps, types };
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

  private async readProperties(): Promise<Obj[]> {
    const fetchedAt = Date.now();
    const res = await this.client.call({ service: 'properties', method: 'getProperties', params: {} });
    const list = propertyRecords(res.result);
    await this.cache.put(`${this.cachePrefix}properties`, list, fetchedAt);
    return list;
  }

  private async propertyList(): Promise<Obj[]> {
    this.properties ??= this.cached('properties', async () => {
      const res = await this.client.call({ service: 'properties', method: 'getProperties', params: {} });
      return propertyRecords(res.result);
    });
    const p = this.properties;
    p.catch(() => {
      if (this.properties === p) this.properties = undefined;
    });
    return p;
  }

  private pickList(pid: string): Promise<PickLists> {
    let p = this.pickLists.get(pid);
    if (!p) {
      p = this.cached(`pickLists:${pid}`, async () => readPickLists(pid, (await this.client.call({ service: 'leads', method: 'getLeadPickLists', version: 'r2', params: { propertyId: pid } })).result));
      this.pickLists.set(pid, p);
      p.catch(() => this.pickLists.delete(pid));
    }
    return p;
  }

  /** Served from the store's cache in an incremental run when fresh; read (and stored) otherwise. */
  private async cached<T>(name: string, read: () => Promise<T>): Promise<T> {
    const key = this.cachePrefix + name;
    if (this.cacheServes) return this.cache.through(key, PICK_LISTS_MAX_AGE_MS, read);
    const fetchedAt = Date.now();
    const value = await read();
    await this.cache.put(key, value, fetchedAt);
    return value;
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
