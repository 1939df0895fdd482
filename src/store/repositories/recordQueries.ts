import { CompiledQuery, sql, type Kysely, type QueryResult, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { paramsOf, templateOf, type Compilable } from '../compiledOnce.ts';
import type { Store } from '../db.ts';
import { models, type ModelName } from '../models.ts';
import type { Database, RecordTable } from '../schema.ts';
import { pointShapes, readPoint } from './pointReads.ts';
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
 * A filter on the model's owner link (models.ts `owner`: an event's lead) skips record_links: the
 * owner is a column of the record, indexed for that page.
 */
function filtered(rdb: Kysely<RecordDb>, model: ModelName, q: RecordListQuery): SelectQueryBuilder<RecordDb, string, object> {
  const single = (l: RecordListQuery['links'][number]): l is { rel: string; target: string } => typeof l.target === 'string';
  // The record's owner (an event's lead) is a column with its own index: no link lookup at all.
  const owner = models[model].owner;
  const byOwner = owner ? q.links.find((l) => single(l) && l.rel === owner.rel) : undefined;
  const driver = byOwner ? undefined : q.links.find(single);
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
  if (owner && byOwner) out = out.where(`${model}.${owner.column}`, '=', byOwner.target as string);
  for (const l of q.links) {
    if (l === driver || l === byOwner) continue;
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

/**
 * Building and compiling a query costs as much as running a point lookup, and the API repeats few
 * query shapes: each shape's SQL is compiled once (store/compiledOnce.ts) and later queries of the
 * same shape only put their values into its slots.
 */
/** Where record reads run: the store's Kysely instance, and SQLite's synchronous reader when it has one. */
export type RecordSource = Pick<Store, 'db' | 'read' | 'dialect'>;

async function runTemplated<R>(
  { db, read }: RecordSource,
  shape: string,
  slots: readonly unknown[],
  build: (slot: (i: number) => string) => Compilable,
): Promise<QueryResult<R>> {
  const { sql, params } = templated(db, shape, slots, build);
  if (read) return { rows: (await read(sql, params)) as R[] };
  return db.executeQuery<R>(CompiledQuery.raw(sql, params));
}

/**
 * runTemplated for served records, each row as the values of servedColumns in order. On SQLite
 * the rows come synchronously (not a promise), so a caller can answer in the same turn.
 */
function runTemplatedRows(
  { db, read }: RecordSource,
  shape: string,
  slots: readonly unknown[],
  build: (slot: (i: number) => string) => Compilable,
): RecordRow[] | Promise<RecordRow[]> {
  const { sql, params } = templated(db, shape, slots, build);
  if (read) return read(sql, params, true);
  return db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(sql, params)).then(({ rows }) => rows.map((row) => servedColumns.map((c) => row[c])));
}

/** The shape's SQL (compiled on first use) and this query's parameters. */
function templated(
  db: RecordSource['db'],
  shape: string,
  slots: readonly unknown[],
  build: (slot: (i: number) => string) => Compilable,
): { sql: string; params: unknown[] } {
  const template = templateOf(db, `records|${shape}`, build);
  return { sql: template.sql, params: paramsOf(template, slots) };
}

/** The query's variable values in slot order, and a key that names everything else about it. */
function shapeOf(model: ModelName, q: RecordListQuery): { shape: string; slots: unknown[] } {
  const slots: unknown[] = [q.accountId];
  const parts: string[] = [model];
  for (const f of q.equals) {
    parts.push(`e:${f.column}`);
    slots.push(f.value);
  }
  for (const r of q.ranges) {
    parts.push(`r:${r.column}${r.op}`);
    slots.push(r.value);
  }
  for (const l of q.links) {
    // The rel is part of the shape (it decides the query's form: an owner link is a column).
    parts.push(`l:${l.rel}:${typeof l.target === 'string' ? 1 : `[${l.target.length}]`}`);
    if (typeof l.target === 'string') slots.push(l.target);
    else slots.push(...l.target);
  }
  parts.push(`o:${q.orderBy.map((k) => `${k.field}:${k.direction}`).join(',')}`);
  return { shape: parts.join('|'), slots };
}

/** A copy of q whose values are the template's slot markers, in shapeOf's slot order. */
function markedQuery(q: RecordListQuery, slot: (i: number) => string): RecordListQuery {
  let i = 0;
  const next = (): string => slot(i++);
  return {
    ...q,
    accountId: next(),
    equals: q.equals.map((f) => ({ column: f.column, value: next() })),
    ranges: q.ranges.map((r) => ({ ...r, value: next() })),
    links: q.links.map((l) => ({ rel: l.rel, target: typeof l.target === 'string' ? next() : l.target.map(() => next()) })),
  };
}

/** One page of records plus the total that matches, for the list envelope. */
export async function listRecords(
  source: RecordSource,
  model: ModelName,
  q: RecordListQuery,
): Promise<{ rows: RecordRow[]; total: number }> {
  const rdb = source.db as unknown as Kysely<RecordDb>;
  const { shape, slots } = shapeOf(model, q);
  const limitSlot = slots.length;
  const pageSlots = [...slots, q.limit, q.offset];
  const rows = await runTemplatedRows(source, `page|${shape}`, pageSlots, (slot) => {
    const mq = markedQuery(q, slot);
    let query = filtered(rdb, model, mq).select(servedColumns.map((c) => `${model}.${c}` as const));
    for (const key of q.orderBy) {
      if (models[model].dataSortable?.includes(key.field)) {
        // Nulls last in both directions and both dialects (they disagree by default).
        const value = dataField(source.dialect, model, key.field);
        query = query.orderBy(sql`${value} is null`, 'asc').orderBy(value, key.direction);
      } else query = query.orderBy(`${model}.${key.field}`, key.direction);
    }
    // A unique tie-breaker keeps pages stable when the sort keys repeat.
    if (!q.orderBy.some((k) => k.field === 'id')) query = query.orderBy(`${model}.id`, q.orderBy[0]?.direction ?? 'asc');
    return query.limit(sqlSlot(slot, limitSlot)).offset(sqlSlot(slot, limitSlot + 1));
  });
  // A page that is short and not past the end holds the last match: its end is the total.
  if (rows.length < q.limit && (rows.length > 0 || q.offset === 0)) return { rows, total: q.offset + rows.length };
  const count = await runTemplated<{ n: number | string }>(source, `count|${shape}`, slots, (slot) =>
    filtered(rdb, model, markedQuery(q, slot)).select((eb) => eb.fn.countAll<number | string>().as('n')),
  );
  return { rows, total: Number(count.rows[0]?.n ?? 0) };
}

/** A top-level field of a record's JSON data, as text. */
function dataField(dialect: RecordSource['dialect'], model: ModelName, field: string): RawBuilder<string | null> {
  const data = sql.ref(`${model}.data`);
  return dialect === 'postgres' ? sql<string | null>`(${data}::jsonb ->> ${sql.lit(field)})` : sql<string | null>`json_extract(${data}, ${sql.lit(`$.${field}`)})`;
}

/** limit/offset take numbers: the marker goes in as a string, and the real value as a number. */
function sqlSlot(slot: (i: number) => string, i: number): number {
  return slot(i) as unknown as number;
}

/** A served record of a model by id within an account, as a point read (pointReads.ts). */
const servedShape = pointShapes('account_id', servedColumns);

/**
 * One record by id within an account. Through the store's reader, the by-id reads of one turn
 * share a statement (pointReads.ts); a store without one (in-memory SQLite) reads through Kysely,
 * answering synchronously on SQLite.
 */
export function getRecord(source: RecordSource, model: ModelName, accountId: string, id: string): RecordRow | undefined | Promise<RecordRow | undefined> {
  if (source.read) return readPoint({ db: source.db, dialect: source.dialect, read: source.read }, servedShape(model), accountId, id);
  const rdb = source.db as unknown as Kysely<RecordDb>;
  const rows = runTemplatedRows(source, `one|${model}`, [id, accountId], (slot) =>
    rdb
      .selectFrom(model)
      .select([...servedColumns])
      .where('id', '=', slot(0))
      .where('account_id', '=', slot(1)),
  );
  return Array.isArray(rows) ? rows[0] : rows.then((r) => r[0]);
}
