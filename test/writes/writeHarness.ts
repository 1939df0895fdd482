import type { LightMyRequestResponse } from 'fastify';
import type { AppDeps } from '../../src/api/deps.ts';
import { createApiKey } from '../../src/store/repositories/accounts.ts';
import type { ModelName } from '../../src/store/models.ts';
import { runSync } from '../../src/sync/engine.ts';
import type { TestContextSetup } from '../support/app.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createSyncHarness, type SyncHarness } from '../sync/harness.ts';

/** One event as the sandbox's inspection API shows it. */
export interface SandboxEvent {
  eventId: number;
  applicationId: number;
  propertyId: number;
  origin: string;
  typeId: number;
  subtypeId: number | null;
  eventResultId: number | null;
  date: { utc: string; mountain: string };
  comments: string | null;
  eventReasons: string | null;
  title: string | null;
  leasingAgentId: number | null;
  propertyUnitId: number | null;
  appointment: { appointmentDate: string | null; timeFrom: string | null; timeTo: string | null } | null;
  callData: { callFrom: string; ringThrough: string; callStatus: string; duration: number; audioLink: string } | null;
  emailData: { from: string | null; to: string | null; cc: string | null; bcc: string | null; subject: string | null; body: string | null; sendEmail: boolean | null } | null;
}

/** A store row as the tests need it: our id, the PMS id and the parsed JSON columns. */
export interface StoreRow {
  id: string;
  x_id: string;
  x_property_id: string | null;
  data: Record<string, unknown>;
  internal: Record<string, unknown>;
}

export interface WriteHarness {
  h: SyncHarness;
  ctx: TestContext;
  integrationId: string;
  headers: { authorization: string };
  post(url: string, body: Record<string, unknown>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  /** Polls write-status until the job is no longer PENDING. */
  settle(jobId: string, timeoutMs?: number): Promise<{ write_status: string; errors: string[]; created_record_id: string | null }>;
  sandboxEvents(query: string): Promise<SandboxEvent[]>;
  setFaults(faults: Record<string, unknown[]>): Promise<void>;
  rows(model: ModelName, propertyXId?: string): Promise<StoreRow[]>;
  /** The store record of a pick-list item of a property, by Entrata's id (whatever the x_id scheme). */
  pick(model: 'event_types' | 'event_sub_types' | 'event_results' | 'employees', propertyXId: string, entrataId: string): Promise<StoreRow>;
  close(): Promise<void>;
}

const internalIdKey = { event_types: 'entrata_type_id', event_sub_types: 'entrata_sub_type_id', event_results: 'entrata_result_id', employees: 'leasing_agent_id' } as const;

/** The sandbox (small set) synced into a test store, and an API with the write worker running on it. */
export async function createWriteHarness(setup: Omit<TestContextSetup, 'store'> = { worker: true }, extraDeps: Partial<AppDeps> = {}, sandbox: { size?: 'small' | 'medium' } = {}): Promise<WriteHarness> {
  const h = await createSyncHarness(sandbox);
  const run = await runSync(h.deps, h.integration.id);
  if (run.error) throw new Error(`the sync of the sandbox failed: ${run.error}`);
  const ctx = await createTestContext({}, { ...extraDeps, sealer: h.sealer }, { ...setup, store: h.store });
  const { key } = await createApiKey(h.store.db, h.integration.account_id, 'writes e2e');
  const headers = { authorization: `Bearer ${key}` };
  const rows = async (model: ModelName, propertyXId?: string): Promise<StoreRow[]> => {
    let q = h.store.db.selectFrom(model).select(['id', 'x_id', 'x_property_id', 'data', 'internal']).where('integration_id', '=', h.integration.id);
    if (propertyXId) q = q.where('x_property_id', '=', propertyXId);
    return (await q.orderBy('x_id').execute()).map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown>, internal: r.internal ? (JSON.parse(r.internal) as Record<string, unknown>) : {} }));
  };
  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers });
  return {
    h,
    ctx,
    integrationId: h.integration.id,
    headers,
    post: (url, body, extra = {}) => ctx.app.inject({ method: 'POST', url, headers: { ...headers, ...extra }, payload: body }),
    get,
    settle: async (jobId, timeoutMs = 20_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const s = (await get(`/v1/admin/write-status/${jobId}`)).json() as { write_status: string; errors: string[]; created_record_id: string | null };
        if (s.write_status !== 'PENDING') return s;
        if (Date.now() > until) throw new Error(`write ${jobId} still PENDING after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    sandboxEvents: async (query) => {
      const res = await fetch(`${h.sandbox.url}/__sandbox/events?${query}`);
      return ((await res.json()) as { events: SandboxEvent[] }).events;
    },
    setFaults: async (faults) => {
      const res = await fetch(`${h.sandbox.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (!res.ok) throw new Error(`sandbox refused the faults: ${await res.text()}`);
    },
    rows,
    pick: async (model, propertyXId, entrataId) => {
      const found = (await rows(model, propertyXId)).find((r) => String(r.internal[internalIdKey[model]] ?? r.x_id) === entrataId);
      if (!found) throw new Error(`no ${model} ${entrataId} at property ${propertyXId} in the store`);
      return found;
    },
    close: async () => {
      await ctx.close();
      await h.close();
    },
  };
}

/** A person of the model at the property, with a primary email, whose application has no other person of its model. */
export async function personAt(w: WriteHarness, model: 'leads' | 'applicants' | 'residents', propertyXId: string, skip = 0): Promise<StoreRow & { applicationId: string }> {
  const all = (await w.rows(model, propertyXId)).filter((r) => typeof r.data.email_1 === 'string' && typeof r.internal.application_id === 'string');
  const p = all[skip];
  if (!p) throw new Error(`no ${model} with an email at property ${propertyXId}`);
  return { ...p, applicationId: String(p.internal.application_id) };
}
