import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { ModelName } from '../models.ts';
import type { Database, RecordTable } from '../schema.ts';
import { servedColumns, type RecordRow } from './records.ts';

export interface OrderKey {
  field: string;
  direction: 'asc' | 'desc';
}

export interface RecordListQuery {
  accountId: string;
  /** Equality filters on record columns (already validated against the model's columns). */
  equals: Array<{ column: string; value: string }>;
  /** Link filters: the record must link to target (or to one of several) with this kind (e.g. events of a lead). */
  links: Array<{ rel: string; target: string | readonly string[] }>;
  ranges: Array<{ column: 'updated_at' | 'last_seen' | 'created_at'; op: '>=' | '<='; value: string }>;
  orderBy: OrderKey[];
  offset: number;
  limit: number;
}

type RecordDb = Record<string, RecordTable> & Pick<Database, 'record_links'>;

/**
 * The FROM and WHERE of a list query. A single-target link filter (events of one lead) drives the
 * query from record_links: the lead's few links lead to the events by primary key. Left to a
 * subquery, SQLite's planner walks the whole account's index in created_at order instead (1M rows
 * for a big account). CROSS JOIN fixes the join order in SQLite and is a plain inner join to
 * PostgreSQL; one link row per (model, record, rel, target) means the join cannot repeat a record.
 */
function filtered(rdb: Kysely<RecordDb>, model: ModelName, q: RecordListQuery): SelectQueryBuilder<RecordDb, string, object> {
  const driver = q.links.find((l): l is { rel: string; target: string } => typeof l.target === 'string');
  const table: string = model;
  let out: SelectQueryBuilder<RecordDb, string, object> = driver
    ? (rdb
        .selectFrom('record_links as via')
        .crossJoin(table)
        .whereRef(`${table}.id`, '=', 'via.record_id')
        .where('via.rel', '=', driver.rel)
        .where('via.target', '=', driver.target)
        .where('via.model', '=', model) as unknown as SelectQueryBuilder<RecordDb, string, object>)
    : rdb.selectFrom(model);
  out = out.where(`${model}.account_id`, '=', q.accountId);
  for (const f of q.equals) out = out.where(`${model}.${f.column}`, '=', f.value);
  for (const r of q.ranges) out = out.where(`${model}.${r.column}`, r.op, r.value);
  for (const l of q.links) {
    if (l === driver) continue;
    out = out.where(`${model}.id`, 'in', (eb) =>
      eb
        .selectFrom('record_links')
        .select('record_links.record_id')
        .where('record_links.rel', '=', l.rel)
        .where('record_links.target', typeof l.target === 'string' ? '=' : 'in', l.target)
        .where('record_links.model', '=', model),
    );
  }
  return out;
}

/** One page of records plus the total that matches, for the list envelope. */
export async function listRecords(
  db: Kysely<Database>,
  model: ModelName,
  q: RecordListQuery,
): Promise<{ rows: RecordRow[]; total: number }> {
  const rdb = db as unknown as Kysely<RecordDb>;
  let page = filtered(rdb, model, q).select(servedColumns.map((c) => `${model}.${c}` as const));
  for (const key of q.orderBy) page = page.orderBy(`${model}.${key.field}`, key.direction);
  // A unique tie-breaker keeps pages stable when the sort keys repeat.
  if (!q.orderBy.some((k) => k.field === 'id')) page = page.orderBy(`${model}.id`, q.orderBy[0]?.direction ?? 'asc');
  const [rows, count] = await Promise.all([
    page.limit(q.limit).offset(q.offset).execute(),
    filtered(rdb, model, q).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
  ]);
  return { rows: rows as unknown as RecordRow[], total: Number(count?.n ?? 0) };
}

export async function getRecord(
  db: Kysely<Database>,
  model: ModelName,
  accountId: string,
  id: string,
): Promise<RecordRow | undefined> {
  const rdb = db as unknown as Kysely<RecordDb>;
  const row = await rdb
    .selectFrom(model)
    .select([...servedColumns])
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row as unknown as RecordRow | undefined;
}
