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
  /** Link filters: the record must link to target with this kind (e.g. events of a lead). */
  links: Array<{ rel: string; target: string }>;
  ranges: Array<{ column: 'updated_at' | 'last_seen' | 'created_at'; op: '>=' | '<='; value: string }>;
  orderBy: OrderKey[];
  offset: number;
  limit: number;
}

type RecordDb = Record<string, RecordTable> & Pick<Database, 'record_links'>;

function applyFilters<O>(
  qb: SelectQueryBuilder<RecordDb, string, O>,
  model: ModelName,
  q: RecordListQuery,
): SelectQueryBuilder<RecordDb, string, O> {
  let out = qb.where(`${model}.account_id`, '=', q.accountId);
  for (const f of q.equals) out = out.where(`${model}.${f.column}`, '=', f.value);
  for (const r of q.ranges) out = out.where(`${model}.${r.column}`, r.op, r.value);
  for (const l of q.links) {
    out = out.where(`${model}.id`, 'in', (eb) =>
      eb
        .selectFrom('record_links')
        .select('record_links.record_id')
        .where('record_links.rel', '=', l.rel)
        .where('record_links.target', '=', l.target)
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
  let page = applyFilters(rdb.selectFrom(model).select(servedColumns.map((c) => `${model}.${c}` as const)), model, q);
  for (const key of q.orderBy) page = page.orderBy(`${model}.${key.field}`, key.direction);
  // A unique tie-breaker keeps pages stable when the sort keys repeat.
  if (!q.orderBy.some((k) => k.field === 'id')) page = page.orderBy(`${model}.id`, q.orderBy[0]?.direction ?? 'asc');
  const [rows, count] = await Promise.all([
    page.limit(q.limit).offset(q.offset).execute(),
    applyFilters(rdb.selectFrom(model).select((eb) => eb.fn.countAll<number | string>().as('n')), model, q).executeTakeFirst(),
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
