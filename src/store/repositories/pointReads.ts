import { sql, type Kysely } from 'kysely';
import { paramsOf, templateOf } from '../compiledOnce.ts';
import type { StoreRead } from '../db.ts';
import type { ModelName } from '../models.ts';
import type { Database, RecordTable } from '../schema.ts';
import { servedColumns, type RecordRow } from './records.ts';

/**
 * By-id reads on PostgreSQL, coalesced: the reads asked for in one turn of the event loop go to
 * the database as one statement per (model, account), `id = ANY($1)`. Under load a turn brings
 * the requests of many connections at once, and each of them would otherwise pay a round trip of
 * its own (about as much CPU in node-postgres and in the backend as the rest of the request). A
 * lone read waits one turn (setImmediate) for company, the price CommitBatcher pays too.
 *
 * SQLite reads synchronously and never comes here.
 */
export interface PointReadSource {
  db: Kysely<Database>;
  read: StoreRead;
}

interface Waiter {
  resolve(row: RecordRow | undefined): void;
  reject(err: unknown): void;
}

interface Group {
  model: ModelName;
  accountId: string;
  /** Waiters by record id (the same id asked twice shares the one read). */
  ids: Map<string, Waiter[]>;
}

/** Ids per statement: a bound array of this size is still one index probe per id. */
export const MAX_IDS_PER_READ = 256;

const pendingBySource = new WeakMap<StoreRead, Map<string, Group>>();

/** The record `id` of `model` in `accountId`, read together with the others asked in this turn. */
export function readPoint(source: PointReadSource, model: ModelName, accountId: string, id: string): Promise<RecordRow | undefined> {
  let pending = pendingBySource.get(source.read);
  if (!pending) {
    pending = new Map();
    pendingBySource.set(source.read, pending);
  }
  if (pending.size === 0) {
    const batch = pending;
    setImmediate(() => flush(source, batch));
  }
  const key = `${model}\u0000${accountId}`;
  let group = pending.get(key);
  if (!group) {
    group = { model, accountId, ids: new Map() };
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
  const template = templateOf(rdb, `records|points|${group.model}`, (slot) =>
    rdb
      .selectFrom(group.model)
      .select(['id', ...servedColumns])
      .where(sql<boolean>`id = any(${slot(0)}::text[])`)
      .where('account_id', '=', slot(1)),
  );
  const settle = (each: (w: Waiter, id: string) => void) => {
    for (const id of ids) for (const w of group.ids.get(id)!) each(w, id);
  };
  Promise.resolve(source.read(template.sql, paramsOf(template, [ids, group.accountId]), true)).then(
    (rows) => {
      const byId = new Map<unknown, RecordRow>();
      for (const row of rows) byId.set(row[0], row.slice(1));
      settle((w, id) => w.resolve(byId.get(id)));
    },
    (err: unknown) => settle((w) => w.reject(err)),
  );
}
