import type SQLite from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { rawSqlite } from '../db.ts';
import type { ModelName } from '../models.ts';
import type { Database, LinkTable, RecordTable } from '../schema.ts';

/**
 * The storage half of upsertRecords, one small implementation per dialect: upsertRecords decides
 * what changed, a writer reads the current hashes and applies the decision in as few statements as
 * the dialect allows. Both run inside the caller's transaction.
 */
export interface WritePlan {
  model: ModelName;
  /** Every column an inserted row has, in one order (the core columns, then the filter columns). */
  columns: readonly string[];
  /** Columns a changed record rewrites (besides updated_at and last_seen). */
  updateColumns: readonly string[];
  insert: readonly RecordTable[];
  update: readonly RecordTable[];
  /** Unchanged records: only last_seen moves. */
  touch: readonly string[];
  seenAt: string;
  /** Records whose links are replaced (the changed ones; new ones have none yet). */
  relink: readonly string[];
  links: readonly LinkTable[];
}

export interface RecordWriter {
  /** Content hashes of the records among `ids` that exist. */
  hashes(model: ModelName, ids: readonly string[]): Promise<Map<string, string>>;
  /** Stored data JSON and created_at of the given (existing) records. */
  previous(model: ModelName, ids: readonly string[]): Promise<Map<string, { data: string; created_at: string }>>;
  write(plan: WritePlan): Promise<void>;
}

/**
 * Runs `work` with the writer of db's dialect. On SQLite the work runs on the raw connection, so
 * it must hold Kysely's connection lock: a transaction holds it; otherwise one is taken here.
 */
export async function withRecordWriter<T>(db: Kysely<Database>, work: (writer: RecordWriter) => Promise<T>): Promise<T> {
  const sqlite = rawSqlite(db);
  if (!sqlite) return work(postgresWriter(db));
  const writer = sqliteWriter(sqlite);
  if (db.isTransaction) return work(writer);
  return db.connection().execute(async () => {
    sqlite.exec('BEGIN');
    try {
      const out = await work(writer);
      sqlite.exec('COMMIT');
      return out;
    } catch (error) {
      sqlite.exec('ROLLBACK');
      throw error;
    }
  });
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * A touched record's core JSON (records.ts coreJson) with its new last_seen: the text up to and
 * including `,"last_seen":`, the new value, then everything from `,"x_id":` on. Both markers occur
 * first where coreJson puts them (the id and the times before them are plain text), so only the
 * value between them changes. The same expression for PostgreSQL is in postgresWriter (strpos).
 */
const touchedCoreSqlite = `substr(core, 1, instr(core, ',"last_seen":') + 12) || json_quote(?) || substr(core, instr(core, ',"x_id":'))`;

// ---------------------------------------------------------------------------------------------
// SQLite: cached prepared statements, one row at a time, synchronously (no per-row async hop).

const statementCache = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

function sqliteWriter(sqlite: SQLite.Database): RecordWriter {
  let cache = statementCache.get(sqlite);
  if (!cache) statementCache.set(sqlite, (cache = new Map()));
  const stmts = cache;
  const stmt = (text: string): SQLite.Statement => {
    let s = stmts.get(text);
    if (!s) stmts.set(text, (s = sqlite.prepare(text)));
    return s;
  };
  const pluckById = (model: ModelName, column: string, ids: readonly string[]): Map<string, string> => {
    const s = stmt(`SELECT ${column} FROM ${quote(model)} WHERE id = ?`).pluck();
    const out = new Map<string, string>();
    for (const id of ids) {
      const value = s.get(id) as string | undefined;
      if (value !== undefined) out.set(id, value);
    }
    return out;
  };
  const previousById = (model: ModelName, ids: readonly string[]): Map<string, { data: string; created_at: string }> => {
    const s = stmt(`SELECT data, created_at FROM ${quote(model)} WHERE id = ?`);
    const out = new Map<string, { data: string; created_at: string }>();
    for (const id of ids) {
      const row = s.get(id) as { data: string; created_at: string } | undefined;
      if (row !== undefined) out.set(id, row);
    }
    return out;
  };
  return {
    hashes: (model, ids) => Promise.resolve(pluckById(model, 'content_hash', ids)),
    previous: (model, ids) => Promise.resolve(previousById(model, ids)),
    write(plan) {
      const t = quote(plan.model);
      if (plan.insert.length) {
        const insert = stmt(`INSERT INTO ${t} (${plan.columns.map(quote).join(', ')}) VALUES (${plan.columns.map(() => '?').join(', ')})`);
        for (const row of plan.insert) insert.run(plan.columns.map((c) => row[c] ?? null));
      }
      if (plan.update.length) {
        const sets = plan.updateColumns.map((c) => `${quote(c)} = ?`).join(', ');
        const update = stmt(`UPDATE ${t} SET ${sets}, updated_at = ?, last_seen = ? WHERE id = ?`);
        for (const row of plan.update) update.run([...plan.updateColumns.map((c) => row[c] ?? null), plan.seenAt, plan.seenAt, row.id]);
      }
      if (plan.touch.length) {
        const touch = stmt(`UPDATE ${t} SET last_seen = ?, core = ${touchedCoreSqlite} WHERE id = ?`);
        for (const id of plan.touch) touch.run(plan.seenAt, plan.seenAt, id);
      }
      if (plan.relink.length) {
        const unlink = stmt('DELETE FROM record_links WHERE model = ? AND record_id = ?');
        for (const id of plan.relink) unlink.run(plan.model, id);
      }
      if (plan.links.length) {
        const link = stmt('INSERT INTO record_links (account_id, model, record_id, rel, target) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
        for (const l of plan.links) link.run(l.account_id, l.model, l.record_id, l.rel, l.target);
      }
      return Promise.resolve();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one statement per step for a whole chunk, the rows passed as one array per column
// (unnest), so the statement text is the same whatever the row count.

const PG_CHUNK = 5000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PG_CHUNK) out.push(items.slice(i, i + PG_CHUNK));
  return out;
}

/** `unnest($1::text[], …) AS u(c1, …)` over the given columns of the rows. */
function unnestRows(rows: readonly Record<string, unknown>[], columns: readonly string[]): RawBuilder<unknown> {
  const arrays = columns.map((c) => sql`${rows.map((r) => r[c] ?? null)}::text[]`);
  return sql`unnest(${sql.join(arrays)}) AS u(${sql.join(columns.map((c) => sql.ref(c)))})`;
}

function postgresWriter(db: Kysely<Database>): RecordWriter {
  const hashes = async (model: ModelName, ids: readonly string[]): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    for (const part of chunks(ids)) {
      const { rows } = await sql<{ id: string; v: string }>`SELECT id, content_hash AS v FROM ${sql.table(model)} WHERE id = ANY(${part}::text[])`.execute(db);
      for (const r of rows) out.set(r.id, r.v);
    }
    return out;
  };
  const previous = async (model: ModelName, ids: readonly string[]): Promise<Map<string, { data: string; created_at: string }>> => {
    const out = new Map<string, { data: string; created_at: string }>();
    for (const part of chunks(ids)) {
      const { rows } = await sql<{ id: string; data: string; created_at: string }>`SELECT id, data, created_at FROM ${sql.table(model)} WHERE id = ANY(${part}::text[])`.execute(db);
      for (const r of rows) out.set(r.id, { data: r.data, created_at: r.created_at });
    }
    return out;
  };
  return {
    hashes,
    previous,
    async write(plan) {
      const t = sql.table(plan.model);
      const cols = sql.join(plan.columns.map((c) => sql.ref(c)));
      for (const part of chunks(plan.insert)) {
        await sql`INSERT INTO ${t} (${cols}) SELECT * FROM ${unnestRows(part, plan.columns)}`.execute(db);
      }
      for (const part of chunks(plan.update)) {
        const sets = sql.join(plan.updateColumns.map((c) => sql`${sql.ref(c)} = u.${sql.ref(c)}`));
        await sql`UPDATE ${t} SET ${sets}, updated_at = ${plan.seenAt}, last_seen = ${plan.seenAt}
          FROM ${unnestRows(part, ['id', ...plan.updateColumns])} WHERE ${t}.id = u.id`.execute(db);
      }
      for (const part of chunks(plan.touch)) {
        const core = sql`substr(core, 1, strpos(core, ',"last_seen":') + 12) || to_json(${plan.seenAt}::text)::text || substr(core, strpos(core, ',"x_id":'))`;
        await sql`UPDATE ${t} SET last_seen = ${plan.seenAt}, core = ${core} WHERE id = ANY(${part}::text[])`.execute(db);
      }
      for (const part of chunks(plan.relink)) {
        await sql`DELETE FROM record_links WHERE model = ${plan.model} AND record_id = ANY(${part}::text[])`.execute(db);
      }
      const linkColumns = ['account_id', 'model', 'record_id', 'rel', 'target'];
      for (const part of chunks(plan.links)) {
        await sql`INSERT INTO record_links (${sql.join(linkColumns.map((c) => sql.ref(c)))})
          SELECT * FROM ${unnestRows(part as unknown as Record<string, unknown>[], linkColumns)} ON CONFLICT DO NOTHING`.execute(db);
      }
    },
  };
}
