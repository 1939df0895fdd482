import { sql, type Kysely } from 'kysely';
import { paramsOf, templateOf } from '../compiledOnce.ts';
import type { DialectName, StoreRead } from '../db.ts';
import type { ModelName } from '../models.ts';
import type { Database, RecordTable } from '../schema.ts';

/**
 * Point reads of records, coalesced: the reads asked for in one turn of the event loop go to the
 * database as one statement per (table, scope, columns): `id = ANY($1)` on PostgreSQL, a
 * `json_each(?)` list joined to the table on SQLite. Under load a turn brings the requests of many
 * connections at once. On PostgreSQL each would otherwise pay a round trip of its own, which costs
 * about as much CPU in node-postgres and in the backend as the rest of the request; on SQLite one
 * statement for the turn's ids, and the answers sent together, cost a by-id request about a fifth
 * less CPU than a statement each answered at once (measured: 19.1-20.6k → 24.7-26.7k req/s on a
 * million events). A lone read waits one turn (setImmediate) for company, the price CommitBatcher
 * pays too. The by-id routes and the write validation's look-ups read this way, through the
 * store's reader (committed data only).
 */
export interface PointReadSource {
  db: Kysely<Database>;
  dialect: DialectName;
  read: StoreRead;
}

/** What a point read selects: a record table, the column that scopes it, the columns answered. */
export interface PointShape {
  table: ModelName;
  /** Only a record whose scope column holds the read's scope value is found. */
  scope: 'account_id' | 'integration_id';
  /** Answered in this order (a row holds their values). */
  columns: ReadonlyArray<keyof RecordTable & string>;
}

/**
 * The shapes of one scope and column list, one per table, made once: a caller asks for its
 * table's shape on every read, and the same object keeps its key (keyOf) computed.
 */
export function pointShapes(scope: PointShape['scope'], columns: PointShape['columns']): (table: ModelName) => PointShape {
  const byTable = new Map<ModelName, PointShape>();
  return (table) => {
    let shape = byTable.get(table);
    if (!shape) byTable.set(table, (shape = { table, scope, columns }));
    return shape;
  };
}

/** A found record: the values of its shape's columns. */
export type PointRow = readonly unknown[];

interface Waiter {
  resolve(row: PointRow | undefined): void;
  reject(err: unknown): void;
}

interface Group {
  shape: PointShape;
  shapeKey: string;
  scopeValue: string;
  /** Waiters by record id (the same id asked twice shares the one read). */
  ids: Map<string, Waiter[]>;
}

/** Ids per statement: a bound array of this size is still one index probe per id. */
export const MAX_IDS_PER_READ = 256;

const pendingBySource = new WeakMap<StoreRead, Map<string, Group>>();
const shapeKeys = new WeakMap<PointShape, string>();

const keyOf = (shape: PointShape): string => {
  let key = shapeKeys.get(shape);
  if (key === undefined) shapeKeys.set(shape, (key = `${shape.table}|${shape.scope}|${shape.columns.join(',')}`));
  return key;
};

/** The record `id` of shape.table whose scope column is `scopeValue`, read with the others asked in this turn. */
export function readPoint(source: PointReadSource, shape: PointShape, scopeValue: string, id: string): Promise<PointRow | undefined> {
  let pending = pendingBySource.get(source.read);
  if (!pending) {
    pending = new Map();
    pendingBySource.set(source.read, pending);
  }
  if (pending.size === 0) {
    const batch = pending;
    setImmediate(() => flush(source, batch));
  }
  const shapeKey = keyOf(shape);
  const key = `${shapeKey}\u0000${scopeValue}`;
  let group = pending.get(key);
  if (!group) {
    group = { shape, shapeKey, scopeValue, ids: new Map() };
    pending.set(key, group);
  }
  let waiters = group.ids.get(id);
  if (!waiters) group.ids.set(id, (waiters = []));
  const list = waiters;
  return new Promise((resolve, reject) => list.push({ resolve, reject }));
}

function flush(source: PointReadSource, pending: Map<string, Group>): void {
  const groups = [...pending.values()];
  pending.clear();
  for (const group of groups) {
    const ids = [...group.ids.keys()];
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_READ) readChunk(source, group, ids.slice(i, i + MAX_IDS_PER_READ));
  }
}

function readChunk(source: PointReadSource, group: Group, ids: string[]): void {
  const rdb = source.db as unknown as Kysely<Record<string, RecordTable>>;
  const { table, scope, columns } = group.shape;
  // The record's id comes first, to tell the rows apart; the shape's columns follow.
  const postgres = source.dialect === 'postgres';
  const template = templateOf(rdb, `records|points|${group.shapeKey}`, (slot) =>
    postgres
      ? // By the primary key alone, the scope checked on the rows (below): with the scope in the
        // WHERE clause too, the planner may walk the scope's index and filter every row of the
        // integration, which it did on a freshly synced table without statistics yet (measured:
        // 300 rows read for 9 wanted, a third of the backend's time of a write accept).
        rdb
          .selectFrom(table)
          .select(['id', scope, ...columns])
          .where(sql<boolean>`id = any(${slot(0)}::text[])`)
      : // Driven from the id list (CROSS JOIN keeps that order in SQLite): one primary-key probe
        // per id. With `id IN (SELECT value FROM json_each(?))` the planner walked the scope's
        // whole index instead (seconds on a million events).
        (rdb as unknown as Kysely<Record<string, Record<string, unknown>>>)
          .selectFrom(sql`json_each(${slot(0)})`.as('j'))
          .crossJoin(`${table} as r`)
          .select(['r.id', ...columns.map((c) => `r.${c}`)])
          .whereRef('r.id', '=', 'j.value')
          .where(`r.${scope}`, '=', slot(1)),
  );
  const settle = (each: (w: Waiter, id: string) => void) => {
    for (const id of ids) for (const w of group.ids.get(id)!) each(w, id);
  };
  let answer: Promise<unknown[][]>;
  try {
    answer = Promise.resolve(source.read(template.sql, paramsOf(template, postgres ? [ids] : [JSON.stringify(ids), group.scopeValue]), true));
  } catch (err) {
    // SQLite reads synchronously: its errors are thrown, not rejected.
    answer = Promise.reject(err);
  }
  answer.then(
    (rows) => {
      const byId = new Map<unknown, PointRow>();
      if (postgres) {
        for (const row of rows) if (row[1] === group.scopeValue) byId.set(row[0], row.slice(2));
      } else {
        for (const row of rows) byId.set(row[0], row.slice(1));
      }
      settle((w, id) => w.resolve(byId.get(id)));
    },
    (err: unknown) => settle((w) => w.reject(err)),
  );
}
