import type { Generated } from 'kysely';

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
}

export interface KvTable {
  key: string;
  value: string;
}

export interface CoreDatabase {
  accounts: AccountTable;
  api_keys: ApiKeyTable;
  integrations: IntegrationTable;
  record_links: LinkTable;
  kv: KvTable;
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
export type Database = CoreDatabase;

export type { Generated };
