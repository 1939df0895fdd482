import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../api/deps.ts';
import { invalidRequest, notFound, type Issue } from '../api/errors.ts';
import { connectorFor } from '../connectors/registry.ts';
import type { Connector } from '../connectors/connector.ts';
import { authCheckOf } from './authCheck.ts';
import type { IntegrationVendor } from '../domain/common.ts';
import { modelNames } from '../store/models.ts';
import type { Database, LinkTable, RecordTable } from '../store/schema.ts';
import {
  authCheckColumns,
  deleteIntegration,
  getIntegration,
  insertIntegration,
  listIntegrations,
  updateIntegration,
  type AuthCheck,
  type IntegrationRow,
} from '../store/repositories/integrations.ts';
import { checkCredentials } from './credentials.ts';
import {
  cadenceSchema,
  credentialsCheckSchema,
  customSyncScheduleSchema,
  type CreateIntegrationInput,
  type IntegrationView,
  type UpdateIntegrationInput,
} from './schema.ts';

/**
 * The rules of integrations, shared by the admin API and the CLI: which vendors exist, how
 * credentials are checked and sealed, what a client may change, and what is deleted with one.
 */

export type IntegrationDeps = Pick<AppDeps, 'store' | 'sealer' | 'pmsFetch'>;

/** What the integrations table keeps in its `settings` JSON. Parsed leniently: old rows get defaults. */
const settingsSchema = z.object({
  max_job_concurrency: z.number().int().catch(1).default(1),
  max_request_frequency: z.number().int().catch(1).default(1),
  max_request_cadence: cadenceSchema.catch('SECOND').default('SECOND'),
  new_properties_are_enabled: z.boolean().catch(true).default(true),
  use_custom_sync_schedule: z.boolean().catch(false).default(false),
  custom_sync_schedule: customSyncScheduleSchema.optional().catch(undefined),
  /** Written with the credentials, so reads never need to decrypt them. */
  credentials_summary: z.record(z.string(), z.string()).catch({}).default({}),
});
type Settings = z.infer<typeof settingsSchema>;

function readSettings(row: IntegrationRow): Settings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(row.settings);
  } catch {
    // a hand-edited row: fall back to defaults rather than failing every read
  }
  return settingsSchema.parse(raw ?? {});
}

/** What the vendor's connector syncs (every model the store keeps, for a connector that does not say). */
function syncedModels(vendor: string): IntegrationView['models'] {
  const list = connectorFor(vendor)?.sync?.models ?? modelNames;
  return Object.fromEntries(list.map((m) => [m, { enabled: true, from_interfaces: [] }]));
}

export function integrationView(row: IntegrationRow): IntegrationView {
  const s = readSettings(row);
  const vendor = row.vendor as IntegrationVendor;
  const check = storedCheck(row);
  return {
    id: row.id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    name: row.name,
    vendor,
    integration_vendor: vendor,
    customer_id: row.account_id,
    active: Boolean(row.active),
    system: 'PRODUCTION',
    sync_frequency: row.sync_frequency,
    sync_cadence: cadenceSchema.catch('HOUR').parse(row.sync_cadence),
    max_job_concurrency: s.max_job_concurrency,
    max_request_frequency: s.max_request_frequency,
    max_request_cadence: s.max_request_cadence,
    base_url: s.credentials_summary.base_url ?? null,
    is_archived: Boolean(row.archived),
    last_completed_sync: row.last_completed_sync,
    last_completed_back_sync: row.last_completed_back_sync,
    new_properties_are_enabled: s.new_properties_are_enabled,
    allow_manual_syncs: true,
    use_custom_sync_schedule: s.use_custom_sync_schedule,
    ...(s.custom_sync_schedule ? { custom_sync_schedule: s.custom_sync_schedule } : {}),
    ping_results: pingResults(check),
    integration_interfaces: [],
    models: syncedModels(row.vendor),
    can_authenticate: Boolean(row.can_authenticate),
    last_data_access_check: row.last_data_access_check,
    configuration_meta_data: [],
    // Sync runs are tracked by the sync subsystem; until it reports here, none is shown as running.
    is_running_sync: false,
    is_running_data_access_check: false,
    credentials_summary: s.credentials_summary,
    credentials_check: { ...check, checked_at: row.last_data_access_check },
  };
}

type StoredCheck = Omit<IntegrationView['credentials_check'], 'checked_at'>;

/** The stored answer of the PMS (migration 0015), or "unchecked" for none or an unreadable one. */
function storedCheck(row: IntegrationRow): StoredCheck {
  const unchecked: StoredCheck = { status: 'unchecked', call: null, message: null };
  if (!row.credentials_check) return unchecked;
  try {
    const parsed = credentialsCheckSchema.omit({ checked_at: true }).safeParse(JSON.parse(row.credentials_check));
    return parsed.success ? parsed.data : unchecked;
  } catch {
    return unchecked;
  }
}

/** Propexo's ping_results: what was asked of the PMS, and its answer, e.g. {"status/getStatus": "ok"}. */
function pingResults(check: StoredCheck): Record<string, string> {
  if (check.status === 'unchecked' || !check.call) return {};
  return { [check.call]: check.message ? `${check.status}: ${check.message}` : check.status };
}

/**
 * Asks the PMS whether it takes the credentials before they are saved. A refusal is a 400 naming
 * the refused fields; an unreachable PMS does not block saving: its answer is kept and shown in
 * credentials_check and ping_results, and can_authenticate stays false until the PMS says yes.
 */
async function askPms(deps: IntegrationDeps, connector: Connector<unknown>, credentials: unknown): Promise<AuthCheck> {
  const answer = await connector.checkCredentials(credentials, deps.pmsFetch ? { fetch: deps.pmsFetch } : {});
  if (answer.status === 'refused') {
    const paths = answer.fields.map((f) => `credentials.${f}`);
    throw invalidRequest(
      `${paths.join(', ')}: ${answer.message}. Nothing was saved: send the corrected credentials again.`,
      answer.fields.map((f) => ({ code: 'custom', path: ['credentials', f], message: answer.message })),
    );
  }
  return authCheckOf(answer);
}

function connectorOrFail(vendor: string): Connector<unknown> {
  const connector = connectorFor(vendor);
  if (!connector) {
    throw invalidRequest(`Invalid body: integration_vendor: "${vendor}" has no Leasewire connector`, [
      { code: 'invalid_value', path: ['integration_vendor'], message: `"${vendor}" has no Leasewire connector` },
    ]);
  }
  return connector;
}

/** Validates credentials (with the deprecated top-level base_url folded in) and seals them. */
function sealCredentials(
  deps: IntegrationDeps,
  connector: Connector<unknown>,
  raw: Record<string, unknown>,
  baseUrl: string | null | undefined,
): { sealed: string; summary: Record<string, string>; value: unknown } {
  const merged = baseUrl && raw.base_url === undefined ? { ...raw, base_url: baseUrl } : raw;
  const checked = checkCredentials(connector, merged);
  if (!checked.ok) {
    const first = checked.issues[0];
    const where = first ? `${first.path.join('.')}: ${first.message}` : 'credentials are invalid';
    throw invalidRequest(`Invalid body: ${where}${checked.hint ? `. ${checked.hint}` : ''}`, checked.issues);
  }
  return { sealed: deps.sealer.seal(JSON.stringify(checked.value)), summary: connector.describeCredentials(checked.value), value: checked.value };
}

export async function createIntegration(
  deps: IntegrationDeps,
  accountId: string,
  input: CreateIntegrationInput,
): Promise<IntegrationView> {
  const connector = connectorOrFail(input.integration_vendor);
  let base: { row: IntegrationRow; settings: Settings } | undefined;
  if (input.based_on_integration_id) {
    const row = await getIntegration(deps.store.db, accountId, input.based_on_integration_id);
    if (!row) {
      const message = `no integration "${input.based_on_integration_id}" exists for this account`;
      throw invalidRequest(`Invalid body: based_on_integration_id: ${message}`, [
        { code: 'invalid_value', path: ['based_on_integration_id'], message },
      ]);
    }
    base = { row, settings: readSettings(row) };
  }
  const { sealed, summary, value } = sealCredentials(deps, connector, input.credentials, input.base_url);
  const authCheck = await askPms(deps, connector, value);
  const settings: Settings = {
    max_job_concurrency: input.max_job_concurrency ?? base?.settings.max_job_concurrency ?? 1,
    max_request_frequency: input.max_request_frequency ?? base?.settings.max_request_frequency ?? 1,
    max_request_cadence: input.max_request_cadence ?? base?.settings.max_request_cadence ?? 'SECOND',
    new_properties_are_enabled: input.new_properties_are_enabled ?? base?.settings.new_properties_are_enabled ?? true,
    use_custom_sync_schedule: input.use_custom_sync_schedule ?? base?.settings.use_custom_sync_schedule ?? false,
    custom_sync_schedule: input.custom_sync_schedule ?? base?.settings.custom_sync_schedule,
    credentials_summary: summary,
  };
  const row = await insertIntegration(deps.store.db, {
    account_id: accountId,
    vendor: connector.vendor,
    name: input.name,
    credentials: sealed,
    settings,
    sync_frequency: input.sync_frequency ?? base?.row.sync_frequency ?? 12,
    sync_cadence: input.sync_cadence ?? base?.row.sync_cadence ?? 'HOUR',
    active: input.active ?? false,
    authCheck,
  });
  return integrationView(row);
}

export async function getIntegrationView(deps: IntegrationDeps, accountId: string, id: string): Promise<IntegrationView> {
  const row = await getIntegration(deps.store.db, accountId, id);
  if (!row) throw notFound('integration', id);
  return integrationView(row);
}

export async function updateIntegrationFromInput(
  deps: IntegrationDeps,
  accountId: string,
  id: string,
  input: UpdateIntegrationInput,
): Promise<IntegrationView> {
  const row = await getIntegration(deps.store.db, accountId, id);
  if (!row) throw notFound('integration', id);
  if (input.integration_vendor !== undefined && input.integration_vendor !== row.vendor) {
    const message = `this integration is ${row.vendor} and its vendor cannot change; create a new integration for ${input.integration_vendor}`;
    throw invalidRequest(`Invalid body: integration_vendor: ${message}`, [{ code: 'invalid_value', path: ['integration_vendor'], message }]);
  }
  const settings = readSettings(row);
  const patch: Parameters<typeof updateIntegration>[3] = {};

  if (input.credentials !== undefined || input.base_url !== undefined) {
    const connector = connectorOrFail(row.vendor);
    // Only base_url changes: keep the stored secrets, move the host.
    let raw = input.credentials;
    if (raw === undefined) {
      raw = JSON.parse(deps.sealer.open(row.credentials)) as Record<string, unknown>;
      if (input.base_url === null) delete raw.base_url;
      else raw.base_url = input.base_url;
    }
    const { sealed, summary, value } = sealCredentials(deps, connector, raw, input.base_url);
    Object.assign(patch, authCheckColumns(await askPms(deps, connector, value)));
    patch.credentials = sealed;
    settings.credentials_summary = summary;
  }
  if (input.name !== undefined) patch.name = input.name;
  if (input.sync_frequency !== undefined) patch.sync_frequency = input.sync_frequency;
  if (input.sync_cadence !== undefined) patch.sync_cadence = input.sync_cadence;
  if (input.active !== undefined) patch.active = input.active ? 1 : 0;
  if (input.max_job_concurrency !== undefined) settings.max_job_concurrency = input.max_job_concurrency;
  if (input.max_request_frequency !== undefined) settings.max_request_frequency = input.max_request_frequency;
  if (input.max_request_cadence !== undefined) settings.max_request_cadence = input.max_request_cadence;
  if (input.new_properties_are_enabled !== undefined) settings.new_properties_are_enabled = input.new_properties_are_enabled;
  if (input.use_custom_sync_schedule !== undefined) settings.use_custom_sync_schedule = input.use_custom_sync_schedule;
  if (input.custom_sync_schedule !== undefined) settings.custom_sync_schedule = input.custom_sync_schedule;
  patch.settings = JSON.stringify(settings);

  const updated = await updateIntegration(deps.store.db, accountId, id, patch);
  if (!updated) throw notFound('integration', id);
  return integrationView(updated);
}

type RecordDb = Record<string, RecordTable> & { record_links: LinkTable };

/**
 * Deletes the integration and everything synced from it. Record tables cascade through their
 * foreign key; record_links has none (it spans models), so its rows go first, in the same transaction.
 */
export async function removeIntegration(deps: IntegrationDeps, accountId: string, id: string): Promise<void> {
  const deleted = await deps.store.db.transaction().execute(async (trx) => {
    if (!(await getIntegration(trx, accountId, id))) return false;
    const rdb = trx as unknown as Kysely<RecordDb>;
    for (const model of modelNames) {
      await rdb
        .deleteFrom('record_links')
        .where('model', '=', model)
        .where('record_id', 'in', rdb.selectFrom(model).select('id').where('integration_id', '=', id))
        .execute();
    }
    return deleteIntegration(trx as Kysely<Database>, accountId, id);
  });
  if (!deleted) throw notFound('integration', id);
}

export interface IntegrationListQuery {
  integration_vendor?: string | undefined;
  /** Propexo: "whether or not to include archived integrations"; without it, archived ones are hidden. */
  include_archived?: boolean | undefined;
  'order-by'?: string | undefined;
  offset: number;
  limit: number;
}

export const sortable = [
  'id', 'created_at', 'updated_at', 'name', 'vendor', 'active', 'sync_frequency', 'sync_cadence',
  'is_archived', 'last_completed_sync', 'last_completed_back_sync',
] as const;
type SortField = (typeof sortable)[number];

function parseIntegrationOrder(value: string | undefined): Array<{ field: SortField; direction: 'asc' | 'desc' }> {
  if (!value?.trim()) return [{ field: 'created_at', direction: 'desc' }];
  const issues: Issue[] = [];
  const keys: Array<{ field: SortField; direction: 'asc' | 'desc' }> = [];
  for (const part of value.split(',')) {
    const [field = '', direction = 'asc', extra] = part.trim().split(':');
    if (!(sortable as readonly string[]).includes(field)) {
      issues.push({ code: 'invalid_value', path: ['order-by'], message: `"${field}" is not a sortable field here; use one of: ${sortable.join(', ')}` });
    } else if ((direction !== 'asc' && direction !== 'desc') || extra !== undefined) {
      issues.push({ code: 'invalid_value', path: ['order-by'], message: `"${part}" must look like field:asc or field:desc` });
    } else keys.push({ field: field as SortField, direction });
  }
  if (issues.length) throw invalidRequest(`Invalid query string: order-by: ${issues[0]?.message}`, issues);
  return keys;
}

/** An account has a handful of integrations, so sorting and paging happen here rather than in SQL. */
export async function listIntegrationViews(deps: IntegrationDeps, accountId: string, query: IntegrationListQuery) {
  const orderBy = parseIntegrationOrder(query['order-by']);
  const rows = await listIntegrations(deps.store.db, accountId, {
    vendor: query.integration_vendor,
    archived: query.include_archived ? undefined : false,
  });
  const views = rows.map(integrationView);
  views.sort((a, b) => {
    for (const { field, direction } of orderBy) {
      const x = a[field] ?? '';
      const y = b[field] ?? '';
      if (x < y) return direction === 'asc' ? -1 : 1;
      if (x > y) return direction === 'asc' ? 1 : -1;
    }
    return 0;
  });
  const results = views.slice(query.offset, query.offset + query.limit);
  return {
    meta: { offset: query.offset, limit: query.limit, orderBy, hasMore: query.offset + results.length < views.length, total: views.length },
    results,
  };
}
