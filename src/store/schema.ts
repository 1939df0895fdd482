import type { Generated } from 'kysely';
import type { JobsDatabase } from '../jobs/tables.ts';

/** Columns every synced record table has (one table per normalized model). */
export interface RecordColumns {
  id: string;
  account_id: string;
  integration_id: string;
  integration_vendor: string;
  x_id: string;
  x_property_id: string | null;
  property_id: string | null;
  created_at: string;
  updated_at: string;
  last_seen: string | null;
  /** Hash of data + internal + links: an unchanged record keeps its updated_at. */
  content_hash: string;
  /** The model's own public fields as JSON text (served as-is, spliced after the core fields). */
  data: string;
  /** Connector-private facts the API never serves (e.g. the Entrata application behind a resident). */
  internal: string | null;
  /** The served JSON of the core fields above, without the closing brace (records.ts coreJson). */
  core: string;
}

/** A record table seen generically: the core columns plus the model's indexed filter columns. */
export type RecordTable = RecordColumns & { [column: string]: string | number | null };

export interface LinkTable {
  account_id: string;
  /** Model of the record that owns the link (e.g. "events"). */
  model: string;
  record_id: string;
  /** Kind of link, e.g. "lead", "applicant", "resident", "lease", "event_type", "model". */
  rel: string;
  target: string;
}

export interface AccountTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  account_id: string;
  name: string;
  /** First characters of the key, shown in listings so a person can tell keys apart. */
  prefix: string;
  /** SHA-256 of the whole key; the key itself is never stored. */
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface IntegrationTable {
  id: string;
  account_id: string;
  vendor: string;
  name: string;
  /** AES-256-GCM sealed JSON of the PMS credentials. */
  credentials: string;
  /** Vendor-agnostic settings as JSON (base_url, …). */
  settings: string;
  sync_frequency: number;
  sync_cadence: string;
  active: number;
  archived: number;
  created_at: string;
  updated_at: string;
  last_completed_sync: string | null;
  last_completed_back_sync: string | null;
  /** 1 when the PMS last accepted the credentials (a save check or a sync), 0 otherwise. */
  can_authenticate: number;
  /** When the PMS last said whether it takes the credentials. */
  last_data_access_check: string | null;
  /** What it said, as JSON: {status: ok | refused | unreachable, call, message}. */
  credentials_check: string | null;
}

export interface KvTable {
  key: string;
  value: string;
}

/** Requests per caller (an API key's hash, or an address) and aligned window, summed over API processes. */
export interface ApiRateWindowTable {
  caller: string;
  /** ms since the epoch; bigint, which node-postgres reads as text. */
  window_start: number | string;
  count: number;
}

export interface CoreDatabase {
  accounts: AccountTable;
  api_keys: ApiKeyTable;
  integrations: IntegrationTable;
  record_links: LinkTable;
  kv: KvTable;
  api_rate_windows: ApiRateWindowTable;
  events: RecordTable;
  event_types: RecordTable;
  event_sub_types: RecordTable;
  event_results: RecordTable;
  leads: RecordTable;
  applicants: RecordTable;
  residents: RecordTable;
  employees: RecordTable;
  properties: RecordTable;
  units: RecordTable;
  lead_sources: RecordTable;
}

/**
 * The whole database. Later subsystems (jobs, sync, webhooks) add their tables here, each in its
 * own interface, so that one Kysely instance serves every repository.
 */
export type Database = CoreDatabase & JobsDatabase & SyncDatabase & WebhooksDatabase;

/** Sync runs, checkpoints, the change outbox and the shared outbound limiter (migration 0003). */
export interface SyncRunTable {
  id: string;
  account_id: string;
  integration_id: string;
  /** manual | scheduled | back_sync */
  kind: string;
  /** queued | running | succeeded | failed */
  state: string;
  is_first_sync: number;
  /** JSON array of the models this run syncs, in order. */
  models: string;
  /** JSON: model → { state, new, updated, unchanged, done, total, since }. */
  progress: string;
  /** The run's start: records up to here are covered when it succeeds. */
  window_until: string;
  error: string | null;
  /** Process holding the run; its lease is heartbeat_at + the lease timeout. */
  owner: string | null;
  heartbeat_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface SyncCheckpointTable {
  integration_id: string;
  model: string;
  /** The run that wrote `cursor`; a cursor is only resumed by the same run. */
  run_id: string | null;
  cursor: string | null;
  /** End of the last window fully synced; the next incremental run starts here. */
  synced_until: string | null;
  updated_at: string;
}

export interface SyncOutboxTable {
  id: string;
  account_id: string;
  integration_id: string;
  run_id: string | null;
  /** DATA_NEW | DATA_UPDATE | FIRST_SYNC_COMPLETE | SYNC_COMPLETE | JOB_FAILURE */
  event: string;
  model: string | null;
  record_id: string | null;
  property_id: string | null;
  payload: string;
  created_at: string;
  /** When the webhook dispatcher handed the row to its webhooks (delivery rows), or null until then. */
  delivered_at: string | null;
}

export interface OutboundLimitTable {
  integration_id: string;
  service: string;
  next_at: number;
  interval_ms: number;
  blocked_until: number;
}

/** A connector's cached PMS answers (migration 0016). */
export interface ConnectorCacheTable {
  integration_id: string;
  key: string;
  value: string;
  fetched_at: number;
}

export interface SyncDatabase {
  sync_runs: SyncRunTable;
  sync_checkpoints: SyncCheckpointTable;
  sync_outbox: SyncOutboxTable;
  outbound_limits: OutboundLimitTable;
  connector_cache: ConnectorCacheTable;
}

/** Webhook subscriptions and their deliveries (migration 0007). */
export interface WebhookTable {
  id: string;
  account_id: string;
  url: string;
  /** Sealed JSON array of { header, value }: they may carry the receiver's credentials. */
  headers: string;
  /** Sealed signing secret (it is shown to the account, so it cannot be hashed). */
  secret: string;
  /** JSON array of { id, trigger, model }. */
  triggers: string;
  active: number;
  system: string;
  /** Outbox rows created before this instant are never sent (set on create and on re-activation). */
  deliver_from: string;
  /** The process sending this webhook's deliveries, until lease_until: one sender per webhook. */
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  account_id: string;
  outbox_id: string;
  trigger: string;
  /** PENDING | SUCCESS | FAILURE */
  status: string;
  attempts: number;
  /** When the next attempt is due (PENDING only). */
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  /** JSON array of attempts: { at, status_code, error, duration_ms }. */
  log: string;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

export interface WebhooksDatabase {
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
}

export type { Generated };
