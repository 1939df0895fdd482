import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordId } from '../../lib/ids.ts';
import { identityKey, models, type ModelName } from '../models.ts';
import type { Database, LinkTable, RecordTable } from '../schema.ts';
import { withRecordWriter } from './recordWriters.ts';

/** What a connector's mapper produces for one PMS record. */
export interface RecordInput {
  x_id: string;
  x_property_id: string | null;
  property_id: string | null;
  /** The model's public fields (everything but the core fields), in the order they are served. */
  data: Record<string, unknown>;
  /** Connector-private facts kept beside the record, never served. */
  internal?: Record<string, unknown> | null;
  /** Many-to-many relations: link kind → target record ids. */
  links?: Record<string, readonly string[]>;
}

export interface IntegrationRef {
  id: string;
  account_id: string;
  vendor: string;
}

export interface FieldDiff {
  new: Record<string, unknown>;
  previous: Record<string, unknown>;
}

export interface UpsertResult {
  created: Array<{ id: string; x_id: string; property_id: string | null; data: Record<string, unknown> }>;
  updated: Array<{ id: string; x_id: string; property_id: string | null; diff: FieldDiff }>;
  unchanged: number;
}

/** The columns every record table has, in table order (the model's filter columns follow). */
export const recordCoreColumns = [
  'id',
  'account_id',
  'integration_id',
  'integration_vendor',
  'x_id',
  'x_property_id',
  'property_id',
  'created_at',
  'updated_at',
  'last_seen',
  'content_hash',
  'data',
  'internal',
  'core',
] as const;
/** What a changed record rewrites, besides its filter columns, updated_at and last_seen. */
const rewrittenColumns = ['x_property_id', 'property_id', 'content_hash', 'data', 'internal', 'core'] as const;

/** The Leasewire id of the record a PMS id names (see identityKey for per-property models). */
export function idOfRecord(integrationId: string, model: ModelName, xId: string, xPropertyId: string | null): string {
  return recordId(integrationId, model, identityKey(model, xId, xPropertyId));
}

/**
 * Inserts new records, rewrites changed ones (new updated_at) and only touches last_seen on
 * unchanged ones, deciding by a content hash. Call inside a transaction: a batch lands whole or not.
 */
export async function upsertRecords(
  db: Kysely<Database>,
  integration: IntegrationRef,
  model: ModelName,
  inputs: readonly RecordInput[],
  seenAt: string,
): Promise<UpsertResult> {
  const def = models[model];
  const filterColumns = Object.entries(def.columns);

  // A page can repeat a record; the last occurrence wins, as it would in the PMS.
  const byId = new Map<string, { input: RecordInput; row: RecordTable; links: Record<string, readonly string[]> }>();
  for (const input of inputs) {
    const id = idOfRecord(integration.id, model, input.x_id, input.x_property_id);
    const dataJson = JSON.stringify(input.data);
    const internalJson = input.internal ? JSON.stringify(input.internal) : null;
    const links: Record<string, readonly string[]> = {};
    for (const rel of def.links) links[rel] = [...new Set(input.links?.[rel] ?? [])].sort();
    const hash = createHash('sha1')
      .update(dataJson)
      .update('\u0000')
      .update(internalJson ?? '')
      .update('\u0000')
      .update(JSON.stringify(links))
      .update('\u0000')
      .update(`${input.x_property_id ?? ''}|${input.property_id ?? ''}`)
      .digest('base64url');
    const row: RecordTable = {
      id,
      account_id: integration.account_id,
      integration_id: integration.id,
      integration_vendor: integration.vendor,
      x_id: input.x_id,
      x_property_id: input.x_property_id,
      property_id: input.property_id,
      created_at: seenAt,
      updated_at: seenAt,
      last_seen: seenAt,
      content_hash: hash,
      data: dataJson,
      internal: internalJson,
      // Set below, once it is known whether the record exists (a changed one keeps its created_at).
      core: '',
    };
    for (const [column, field] of filterColumns) row[column] = filterValue(input.data[field]);
    if (def.owner) {
      const owners = links[def.owner.rel] ?? [];
      if (owners.length > 1) {
        throw new Error(`${model} record ${input.x_id} links to ${owners.length} ${def.owner.rel} records; a ${model} record has at most one (models.ts owner)`);
      }
      row[def.owner.column] = owners[0] ?? null;
    }
    byId.set(id, { input, row, links });
  }

  return withRecordWriter(db, async (writer) => {
    const existing = await writer.hashes(model, [...byId.keys()]);
    const changedIds: string[] = [];
    for (const [id, { row }] of byId) {
      const hash = existing.get(id);
      if (hash !== undefined && hash !== row.content_hash) changedIds.push(id);
    }
    // Only changed records need their previous data (for the field diff an update event carries)
    // and their created_at (kept, and served in their core).
    const previous = changedIds.length ? await writer.previous(model, changedIds) : new Map<string, { data: string; created_at: string }>();

    const result: UpsertResult = { created: [], updated: [], unchanged: 0 };
    const insert: RecordTable[] = [];
    const update: RecordTable[] = [];
    const touch: string[] = [];
    const links: LinkTable[] = [];
    for (const [id, { input, row, links: recordLinks }] of byId) {
      const hash = existing.get(id);
      if (hash === undefined) {
        row.core = coreJson(row);
        insert.push(row);
        result.created.push({ id, x_id: input.x_id, property_id: input.property_id, data: input.data });
      } else if (hash === row.content_hash) {
        touch.push(id);
        continue;
      } else {
        const before = previous.get(id);
        row.core = coreJson({ ...row, created_at: before?.created_at ?? row.created_at });
        update.push(row);
        result.updated.push({ id, x_id: input.x_id, property_id: input.property_id, diff: diffFields(before?.data ?? '{}', input.data) });
      }
      for (const [rel, targets] of Object.entries(recordLinks)) {
        for (const target of targets) links.push({ account_id: integration.account_id, model, record_id: id, rel, target });
      }
    }
    const columns = [...filterColumns.map(([column]) => column), ...(def.owner ? [def.owner.column] : [])];
    await writer.write({
      model,
      columns: [...recordCoreColumns, ...columns],
      updateColumns: [...rewrittenColumns, ...columns],
      insert,
      update,
      touch,
      seenAt,
      relink: changedIds,
      links,
    });
    result.unchanged = touch.length;
    return result;
  });
}

function filterValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function diffFields(previousJson: string, next: Record<string, unknown>): FieldDiff {
  const previous = JSON.parse(previousJson) as Record<string, unknown>;
  const diff: FieldDiff = { new: {}, previous: {} };
  for (const key of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    if (JSON.stringify(previous[key]) !== JSON.stringify(next[key])) {
      diff.new[key] = next[key] ?? null;
      diff.previous[key] = previous[key] ?? null;
    }
  }
  return diff;
}

/** The columns a served record is read with, in this order (a RecordRow holds their values). */
export const servedColumns = ['core', 'data'] as const;

/** A served record as read: the values of servedColumns, in order (both JSON text). */
export type RecordRow = readonly unknown[];

type CoreFields = Pick<RecordTable, 'id' | 'created_at' | 'updated_at' | 'last_seen' | 'x_id' | 'x_property_id' | 'integration_id' | 'integration_vendor' | 'property_id'>;

/**
 * A record's core fields as the start of its served JSON, without the closing brace: stored in the
 * record's `core` column (migration 0012), so a read takes two texts instead of nine values to
 * quote. Touching last_seen rewrites it in SQL (recordWriters.ts), so last_seen keeps this place.
 */
export function coreJson(r: CoreFields): string {
  const s = JSON.stringify;
  return (
    `{"id":${s(r.id)},"created_at":${s(r.created_at)},"updated_at":${s(r.updated_at)},` +
    `"last_seen":${s(r.last_seen ?? null)},"x_id":${s(r.x_id)},"x_property_id":${s(r.x_property_id ?? null)},` +
    `"integration_id":${s(r.integration_id)},"integration_vendor":${s(r.integration_vendor)},` +
    `"property_id":${s(r.property_id ?? null)}`
  );
}

/**
 * The JSON the API serves for a stored record, without parsing anything: its core text, then the
 * model's fields spliced from the stored data text.
 */
export function recordJson(row: RecordRow): string {
  const core = row[0] as string;
  const data = row[1] as string;
  return data.length > 2 ? `${core},${data.slice(1)}` : `${core}}`;
}

const coreKeys = ['id', 'created_at', 'updated_at', 'last_seen', 'x_id', 'x_property_id', 'integration_id', 'integration_vendor', 'property_id'];

/** Mappers must leave the core fields to the store; a repeated key would be served twice. */
export function assertNoCoreKeys(model: ModelName, data: Record<string, unknown>): void {
  for (const key of coreKeys) {
    if (key in data) throw new Error(`${model} mapper put core field "${key}" into data; pass it as a column instead`);
  }
}
