import type { ConnectorSync, SyncBatch, SyncSession, SyncSessionOptions, SyncWindow } from '../connector.ts';
import type { ModelName } from '../../store/models.ts';
import type { RecordInput } from '../../store/repositories/records.ts';
import { sharedLimiter } from '../shared/outboundLimiter.ts';
import { BuildiumClient, type Obj } from './client.ts';
import type { BuildiumCredentials } from './credentials.ts';
import { idStr, type MapContext } from './mappers/common.ts';
import { mapNote, mapPhoneLog, phoneLogTenant } from './mappers/events.ts';
import { mapApplicant, mapEmployee, mapResident, primaryLease } from './mappers/people.ts';
import { mapProperty, mapUnit } from './mappers/properties.ts';

/**
 * Buildium's sync. Lists are read in pages of 1000 ordered by Id; incremental runs pass
 * `lastupdatedfrom` where Buildium has it (rentals, units, applicants, tenants), never an upper
 * bound: a record updated during the run then only joins the filtered set (a page may repeat a
 * record, which the content hash absorbs) instead of leaving it and shifting later pages.
 *
 * Events are applicant notes, tenant notes and phone logs. Phone logs are one list, filtered by
 * call day. Notes are the hard part: Buildium lists them only per person
 * (GET /v1/applicants/{id}/notes, GET /v1/leases/tenants/{id}/notes), has no account-wide notes
 * list, no webhook for notes, and does not document that a note changes its person's
 * LastUpdatedDateTime. So every run, incremental too, asks each applicant and each tenant once
 * (with `updateddatetimefrom`, so the answers are empty when nothing changed): one call per person.
 * With A applicants and T tenants an incremental run that finds nothing costs
 * 2·⌈A/1000⌉ + 2·⌈T/1000⌉-ish list pages + A + T note calls; at Buildium's 10 requests/s
 * (we use 9) the sandbox's large set (1,588 applicants, 3,492 tenants) is ≈ 5,090 calls ≈ 9.4
 * minutes, a 20,000-person portfolio ≈ 37 minutes. No filter of Buildium's spec lets us skip a
 * person without risking a lost note; the sync bench reports the numbers per run.
 */
export const buildiumSyncModels: readonly ModelName[] = ['properties', 'units', 'employees', 'applicants', 'residents', 'events'];

/** Buildium's clock and ours may differ: incremental filters start this much before the last run. */
const SKEW_MS = 5 * 60_000;
/** Notes are committed in batches of this many people (or sooner when many notes come back). */
const PEOPLE_PER_BATCH = 200;
const RECORDS_PER_BATCH = 1000;

interface ListCursor {
  o: number;
}
interface EventCursor {
  /** 0: phone logs, 1: applicant notes, 2: tenant notes. */
  ph: 0 | 1 | 2;
  /** Phone logs: offset of the next page. */
  o?: number;
  /** Notes: the last person (Buildium id) done. */
  after?: number;
}

const sinceInstant = (w: SyncWindow): string | undefined => (w.kind === 'incremental' && w.since ? new Date(Date.parse(w.since) - SKEW_MS).toISOString() : undefined);
const sinceDay = (w: SyncWindow): string | undefined => (w.kind === 'incremental' && w.since ? new Date(Date.parse(w.since) - 86_400_000).toISOString().slice(0, 10) : undefined);

interface ListModel {
  path: string;
  query(w: SyncWindow): Record<string, string | undefined>;
  map(ctx: MapContext, item: Obj): RecordInput;
}

const listModels: Partial<Record<ModelName, ListModel>> = {
  properties: { path: '/v1/rentals', query: (w) => ({ lastupdatedfrom: sinceInstant(w) }), map: mapProperty },
  units: { path: '/v1/rentals/units', query: (w) => ({ lastupdatedfrom: sinceInstant(w) }), map: mapUnit },
  applicants: { path: '/v1/applicants', query: (w) => ({ lastupdatedfrom: sinceInstant(w) }), map: mapApplicant },
  residents: { path: '/v1/leases/tenants', query: (w) => ({ lastupdatedfrom: sinceInstant(w) }), map: mapResident },
};

class BuildiumSyncSession implements SyncSession {
  private readonly client: BuildiumClient;
  private readonly ctx: MapContext;
  /** Buildium id → property id, of every applicant / tenant (what notes are listed by). */
  private applicantProps?: Promise<Map<number, string | null>>;
  private tenantProps?: Promise<Map<number, string | null>>;

  constructor(opts: SyncSessionOptions<BuildiumCredentials>) {
    this.client = new BuildiumClient(opts.credentials, { integrationId: opts.integrationId, limiter: sharedLimiter(opts.db) });
    this.ctx = { integrationId: opts.integrationId };
  }

  callCount(): number {
    return this.client.calls;
  }

  async *syncModel(model: ModelName, window: SyncWindow, cursor: string | null): AsyncIterable<SyncBatch> {
    if (model === 'events') {
      yield* this.events(window, cursor ? (JSON.parse(cursor) as EventCursor) : { ph: 0 });
      return;
    }
    if (model === 'employees') {
      yield* this.employees();
      return;
    }
    const def = listModels[model];
    if (!def) throw new Error(`the Buildium connector cannot sync ${model}`);
    const start = cursor ? (JSON.parse(cursor) as ListCursor).o : 0;
    for await (const page of this.client.pages(def.path, def.query(window), start)) {
      const records = page.items.map((item) => def.map(this.ctx, item));
      const done = page.offset + page.items.length;
      yield { records, cursor: page.next === null ? null : JSON.stringify({ o: page.next } satisfies ListCursor), progress: { done, total: page.total ?? null } };
    }
  }

  /**
   * Staff users at every rental (Buildium's users have no property and no last-updated filter:
   * both lists are read whole, a page or two each). One batch per rental.
   */
  private async *employees(): AsyncIterable<SyncBatch> {
    const staff = await this.client.all('/v1/users', { usertypes: 'Staff' });
    const rentals = await this.client.all('/v1/rentals');
    let done = 0;
    for (const r of rentals) {
      const propertyXId = idStr(r.Id);
      done++;
      if (!propertyXId) continue;
      yield { records: staff.map((u) => mapEmployee(this.ctx, propertyXId, u)), cursor: null, progress: { done, total: rentals.length } };
    }
  }

  private async *events(window: SyncWindow, start: EventCursor): AsyncIterable<SyncBatch> {
    const tenants = await this.tenantProperties();
    const applicants = await this.applicantProperties();
    const total = 1 + applicants.size + tenants.size;
    if (start.ph === 0) {
      // Only calls with tenants: Buildium also logs calls with owners, vendors and association owners.
      const query = { participantentitytype: 'RentalTenant', fromdate: sinceDay(window) };
      for await (const page of this.client.pages('/v1/communications/phonelogs', query, start.o ?? 0)) {
        const records = page.items.flatMap((l) => {
          const tenant = phoneLogTenant(l);
          return tenant ? [mapPhoneLog(this.ctx, tenant, tenants.get(Number(tenant)) ?? null, l)] : [];
        });
        const next: EventCursor = page.next === null ? { ph: 1 } : { ph: 0, o: page.next };
        yield { records, cursor: JSON.stringify(next), progress: { done: page.next === null ? 1 : 0, total } };
      }
    }
    if (start.ph <= 1) yield* this.notes(window, 1, applicants, start.ph === 1 ? (start.after ?? 0) : 0, 1, total);
    yield* this.notes(window, 2, tenants, start.ph === 2 ? (start.after ?? 0) : 0, 1 + applicants.size, total);
  }

  /** One notes list per person, after `after` in Id order, committed every PEOPLE_PER_BATCH people. */
  private async *notes(window: SyncWindow, ph: 1 | 2, people: Map<number, string | null>, after: number, doneBefore: number, total: number): AsyncIterable<SyncBatch> {
    const owner = ph === 1 ? 'applicant' : 'resident';
    const base = ph === 1 ? '/v1/applicants' : '/v1/leases/tenants';
    const ids = [...people.keys()].sort((a, b) => a - b);
    const from = sinceInstant(window);
    let records: RecordInput[] = [];
    let count = 0;
    let done = doneBefore + ids.filter((id) => id <= after).length;
    for (const id of ids) {
      if (id <= after) continue;
      for await (const page of this.client.pages(`${base}/${id}/notes`, { updateddatetimefrom: from })) {
        for (const n of page.items) records.push(mapNote(this.ctx, owner, String(id), people.get(id) ?? null, n));
      }
      count++;
      done++;
      if (count >= PEOPLE_PER_BATCH || records.length >= RECORDS_PER_BATCH) {
        yield { records, cursor: JSON.stringify({ ph, after: id } satisfies EventCursor), progress: { done, total } };
        records = [];
        count = 0;
      }
    }
    yield { records, cursor: ph === 1 ? JSON.stringify({ ph: 2 } satisfies EventCursor) : null, progress: { done, total } };
  }

  private applicantProperties(): Promise<Map<number, string | null>> {
    this.applicantProps ??= this.client.all('/v1/applicants').then((all) => new Map(all.map((a) => [Number(a.Id), idStr(a.PropertyId)])));
    this.applicantProps.catch(() => (this.applicantProps = undefined));
    return this.applicantProps;
  }

  private tenantProperties(): Promise<Map<number, string | null>> {
    this.tenantProps ??= this.client.all('/v1/leases/tenants').then((all) => new Map(all.map((t) => [Number(t.Id), idStr(primaryLease(t)?.PropertyId)])));
    this.tenantProps.catch(() => (this.tenantProps = undefined));
    return this.tenantProps;
  }
}

export const buildiumSync: ConnectorSync<BuildiumCredentials> = {
  models: buildiumSyncModels,
  openSession: (opts) => new BuildiumSyncSession(opts),
};
