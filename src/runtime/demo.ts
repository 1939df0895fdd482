import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { BuildiumSandboxHandle } from '../../sandbox/buildium/index.ts';
import type { SandboxHandle } from '../../sandbox/entrata/index.ts';
import { createIntegration, updateIntegrationFromInput } from '../integrations/service.ts';
import { createAccount, createApiKey, findActiveKey, hashApiKey } from '../store/repositories/accounts.ts';
import { getIntegrationById, type IntegrationRow } from '../store/repositories/integrations.ts';
import type { Database } from '../store/schema.ts';
import { runSync } from '../sync/engine.ts';
import type { SyncRunRow } from '../sync/runs.ts';
import type { Runtime } from './boot.ts';

/**
 * The demo `leasewire start` sets up once per data dir: an account, an API key and an Entrata
 * integration pointing at the local sandbox, synced once. What was created is remembered in the
 * store (kv "demo"); the key itself is only in demo.json (0600): the store keeps hashes.
 */
export interface DemoState {
  account_id: string;
  integration_id: string;
  key_id: string;
  /** The Buildium sandbox's integration (absent in data dirs made before Buildium: created on the next start). */
  buildium_integration_id?: string;
}

/** What demo.json holds, for scripts. */
export interface DemoFacts {
  api_url: string;
  api_key: string;
  integration_id: string;
  sandbox_url: string | null;
  lead_id: string | null;
  event_type_id: string | null;
  buildium_integration_id: string | null;
  buildium_sandbox_url: string | null;
  buildium_applicant_id: string | null;
}

const KV_KEY = 'demo';
/** Entrata's "Notes" event type: takes a plain note, nothing else required. */
const NOTE_TYPE_ID = '8';

export const demoFile = (dataDir: string): string => path.join(dataDir, 'demo.json');

export async function loadDemoState(db: Kysely<Database>): Promise<DemoState | null> {
  const row = await db.selectFrom('kv').select('value').where('key', '=', KV_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as DemoState) : null;
}

function readDemoFile(dataDir: string): Partial<DemoFacts> {
  try {
    return JSON.parse(fs.readFileSync(demoFile(dataDir), 'utf8')) as Partial<DemoFacts>;
  } catch {
    return {};
  }
}

export function writeDemoFile(dataDir: string, facts: DemoFacts): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = demoFile(dataDir);
  fs.writeFileSync(file, `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of an existing file: make sure a copied-in one is private too.
  fs.chmodSync(file, 0o600);
}

/** Creates the demo account, key and integration (first start only); returns the state and the key. */
export async function createDemo(runtime: Runtime, sandbox: SandboxHandle): Promise<{ state: DemoState; apiKey: string }> {
  const { db } = runtime.store;
  const account = await createAccount(db, 'Demo');
  const { key, info } = await createApiKey(db, account.id, 'demo (leasewire start)');
  const i = sandbox.info;
  // Inactive until its first sync is done here, so the scheduler does not race this process for it.
  const integration = await createIntegration(runtime.deps, account.id, {
    integration_vendor: 'ENTRATA',
    name: 'Entrata sandbox',
    credentials: { subdomain: i.subdomain, username: i.username, password: i.password, base_url: sandbox.url },
    active: false,
  });
  const state: DemoState = { account_id: account.id, integration_id: integration.id, key_id: info.id };
  await db.insertInto('kv').values({ key: KV_KEY, value: JSON.stringify(state) }).execute();
  return { state, apiKey: key };
}

/** Adds the Buildium sandbox's integration to the demo account when it has none yet (first start, or a data dir from before Buildium). */
export async function ensureBuildiumDemo(runtime: Runtime, state: DemoState, sandbox: BuildiumSandboxHandle): Promise<DemoState> {
  if (state.buildium_integration_id) return state;
  const integration = await createIntegration(runtime.deps, state.account_id, {
    integration_vendor: 'BUILDIUM',
    name: 'Buildium sandbox',
    credentials: { clientId: sandbox.clientId, secret: sandbox.secret, base_url: sandbox.url },
    active: false,
  });
  const next: DemoState = { ...state, buildium_integration_id: integration.id };
  await runtime.store.db.updateTable('kv').set({ value: JSON.stringify(next) }).where('key', '=', KV_KEY).execute();
  return next;
}

/** The key of demo.json when it is still valid; otherwise a new one (the file was lost or the key revoked). */
export async function demoApiKey(runtime: Runtime, state: DemoState): Promise<{ key: string; reissued: boolean }> {
  const { db } = runtime.store;
  const saved = readDemoFile(runtime.config.dataDir).api_key;
  if (saved && (await findActiveKey(db, hashApiKey(saved)))?.account_id === state.account_id) return { key: saved, reissued: false };
  const { key } = await createApiKey(db, state.account_id, 'demo (leasewire start, re-issued)');
  return { key, reissued: true };
}

/**
 * Points the integration at this start's sandbox (its port may differ from the last start), then
 * runs its first sync when it has none yet (also resuming one a stopped start left half done).
 */
export async function prepareIntegration(
  runtime: Runtime,
  state: DemoState,
  sandbox: SandboxHandle | null,
  firstSync: (run: (onProgress: (run: SyncRunRow) => void) => Promise<SyncRunRow>) => Promise<SyncRunRow>,
  signal: AbortSignal,
): Promise<IntegrationRow> {
  return prepareSandboxIntegration(runtime, state.account_id, state.integration_id, sandbox?.url ?? null, firstSync, signal);
}

/** prepareIntegration for any of the demo's integrations: pointed at `sandboxUrl`, synced once. */
export async function prepareSandboxIntegration(
  runtime: Runtime,
  accountId: string,
  integrationId: string,
  sandboxUrl: string | null,
  firstSync: (run: (onProgress: (run: SyncRunRow) => void) => Promise<SyncRunRow>) => Promise<SyncRunRow>,
  signal: AbortSignal,
): Promise<IntegrationRow> {
  const { db } = runtime.store;
  let row = await getIntegrationById(db, integrationId);
  if (!row) throw new Error(`the demo integration ${integrationId} was deleted; remove ${demoFile(runtime.config.dataDir)} and the data dir to start over`);
  if (sandboxUrl) {
    const current = JSON.parse(row.settings) as { credentials_summary?: { base_url?: string } };
    if (current.credentials_summary?.base_url !== sandboxUrl) {
      await updateIntegrationFromInput(runtime.deps, accountId, row.id, { base_url: sandboxUrl });
    }
    if (!row.last_completed_sync) {
      const run = await firstSync((onProgress) => runSync(runtime.deps, row!.id, { onProgress, signal }));
      if (run.state !== 'succeeded') throw new Error(`the first sync of the sandbox failed: ${run.error ?? 'no error recorded'}. Restart to try again.`);
      await updateIntegrationFromInput(runtime.deps, accountId, row.id, { active: true });
    }
    row = (await getIntegrationById(db, integrationId)) ?? row;
  }
  return row;
}

/** The Buildium sandbox's example applicant in the store (its first one when the example is unknown). */
export async function buildiumDemoApplicant(db: Kysely<Database>, integrationId: string, exampleApplicantId: number | null): Promise<{ id: string; name: string } | null> {
  const rows = await db.selectFrom('applicants').select(['id', 'x_id', 'data']).where('integration_id', '=', integrationId).orderBy('x_id').limit(500).execute();
  const row = rows.find((r) => exampleApplicantId !== null && r.x_id === String(exampleApplicantId)) ?? rows[0];
  if (!row) return null;
  const data = JSON.parse(row.data) as { first_name?: string; last_name?: string };
  return { id: row.id, name: [data.first_name, data.last_name].filter(Boolean).join(' ') || row.x_id };
}

interface PickedRow {
  id: string;
  x_id: string;
  x_property_id: string | null;
  data: string;
  internal: string | null;
}

const internalOf = (r: PickedRow): Record<string, unknown> => (r.internal ? (JSON.parse(r.internal) as Record<string, unknown>) : {});

/** A seeded lead (the sandbox's example one when known) and the Notes event type of its property. */
export async function demoTarget(db: Kysely<Database>, integrationId: string, exampleApplicationId: number | null): Promise<{ lead: PickedRow; eventTypeId: string; name: string; propertyId: string | null } | null> {
  const leads = await db.selectFrom('leads').select(['id', 'x_id', 'x_property_id', 'data', 'internal']).where('integration_id', '=', integrationId).orderBy('x_id').limit(500).execute();
  const lead = leads.find((l) => exampleApplicationId !== null && internalOf(l).application_id === String(exampleApplicationId)) ?? leads[0];
  if (!lead?.x_property_id) return null;
  const types = await db.selectFrom('event_types').select(['id', 'x_id', 'x_property_id', 'data', 'internal']).where('integration_id', '=', integrationId).where('x_property_id', '=', lead.x_property_id).execute();
  const note = types.find((t) => String(internalOf(t).entrata_type_id ?? t.x_id) === NOTE_TYPE_ID);
  if (!note) return null;
  const data = JSON.parse(lead.data) as { first_name?: string; last_name?: string };
  const property = await db.selectFrom('properties').select(['id']).where('integration_id', '=', integrationId).where('x_id', '=', lead.x_property_id).executeTakeFirst();
  return { lead, eventTypeId: note.id, name: [data.first_name, data.last_name].filter(Boolean).join(' ') || lead.x_id, propertyId: property?.id ?? null };
}
