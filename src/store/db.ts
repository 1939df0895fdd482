import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type SqliteDatabase,
  type UnknownRow,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { IntegerLimits } from './integerLimits.ts';
import { WalCheckpointer } from './walCheckpointer.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** A short description for logs, without credentials. */
  describe: string;
  /** The PostgreSQL schema in use, when not the default search path. */
  pgSchema?: string | undefined;
  /**
   * Runs one of the API's hot read statements outside any transaction (committed data only),
   * prepared once per SQL text. SQLite: synchronously, without the query builder or its connection
   * lock, on the main connection when no transaction is open on it, else on a read-only connection
   * (see ReadConnection). PostgreSQL: as a named prepared statement, so the server parses and plans
   * it once per connection.
   */
  read?: StoreRead | undefined;
  /**
   * Kysely for reads that must see committed data only and must not queue behind a write
   * transaction: validating a write against the synced records, idempotency look-ups. SQLite: the
   * main connection while it is free, the read-only one while a write transaction holds it (see
   * ReadConnection); PostgreSQL: db itself.
   */
  readDb: Kysely<Database>;
  close(): Promise<void>;
}

/** What reads of committed data need of a store (see Store.read and Store.readDb). */
export type StoreReader = Pick<Store, 'readDb' | 'read' | 'dialect'>;

/**
 * Runs a hot read statement. Rows come as objects, or with `arrays` as arrays of the selected
 * values in select order: a page reader that knows its columns skips building an object per row
 * (on SQLite that is a third of a 20-row page's cost).
 */
export interface StoreRead {
  (sql: string, params: readonly unknown[]): unknown[] | Promise<unknown[]>;
  (sql: string, params: readonly unknown[], arrays: true): unknown[][] | Promise<unknown[][]>;
}

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; otherwise the embedded SQLite file at sqlitePath. */
  databaseUrl?: string | undefined;
  sqlitePath?: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  pgSchema?: string;
  pgPoolSize?: number;
  /**
   * SQLite file: checkpoint the WAL from a thread of its own instead of inside commits (see
   * WalCheckpointer). For long-running processes that write (the API, workers); off by default.
   */
  checkpointInThread?: boolean;
}

export function openStore(options: StoreOptions): Store {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.pgSchema, options.pgPoolSize ?? 10);
  if (!options.sqlitePath) throw new Error('openStore needs a databaseUrl or a sqlitePath');
  return openSqlite(options.sqlitePath, options.checkpointInThread ?? false);
}

/** WAL pages between the automatic checkpoints of a commit (when no checkpoint thread runs). */
const AUTO_CHECKPOINT_PAGES = 10000;

/** The WAL file's size once it has been started over (journal_size_limit), and the checkpoint thread's cue to start it over. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

function openSqlite(file: string, checkpointInThread: boolean): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets API reads run while a sync or a worker writes; NORMAL is durable across process crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  // 48 MB, as the read-only connection: the API's reads run here while no write transaction is open.
  sqlite.pragma('cache_size = -48000');
  // A sync batch touches thousands of pages of random-keyed indexes (ids are hashes): checkpointing
  // every 1000 pages (the default) copied and fsync'd them after nearly every batch. Checkpointing
  // every ~40 MB of WAL halves a batch's commit cost; the file is cut back to 64 MB afterwards.
  sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  const statements = withStatementCache(sqlite);
  const integerLimits = new IntegerLimits();
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: statements }),
    plugins: [new SqliteHandle(sqlite), integerLimits],
  });
  const reader = file === ':memory:' ? undefined : new ReadConnection(file, { sqlite, statements });
  const checkpointer = checkpointInThread && file !== ':memory:' ? new WalCheckpointer(sqlite, file, AUTO_CHECKPOINT_PAGES, WAL_SIZE_LIMIT) : undefined;
  const readDb = reader
    ? new Kysely<Database>({ dialect: new SqliteDialect({ database: () => Promise.resolve(reader.kyselyDatabase()) }), plugins: [integerLimits] })
    : db;
  return {
    db,
    dialect: 'sqlite',
    describe: `SQLite at ${file}`,
    read: reader ? sqliteRead(reader) : undefined,
    readDb,
    close: async () => {
      await checkpointer?.stop();
      if (readDb !== db) await readDb.destroy();
      reader?.close();
      await db.destroy();
    },
  };
}

function sqliteRead(reader: ReadConnection): StoreRead {
  function read(text: string, params: readonly unknown[]): unknown[];
  function read(text: string, params: readonly unknown[], arrays: true): unknown[][];
  function read(text: string, params: readonly unknown[], arrays?: true): unknown[] | unknown[][] {
    return arrays ? reader.arrays(text, params) : reader.all(text, params);
  }
  return read;
}

/**
 * Reads of committed data on a SQLite file. They run on the main connection whenever it is not
 * inside a transaction: better-sqlite3 is synchronous, so nothing can interleave with the read, it
 * sees every commit, and the main connection's page cache stays warm (SQLite drops a connection's
 * whole page cache when another connection has committed since its last read, which a separate
 * reader would pay after every write). While a write transaction is open on the main connection
 * (it awaits between statements), they run on a read-only connection of this file's own, opened
 * on first use, so a read never waits behind a write and never sees uncommitted rows.
 */
class ReadConnection {
  private sqlite: SQLite.Database | undefined;
  private statements: SqliteDatabase | undefined;

  constructor(
    private readonly file: string,
    private readonly main: { sqlite: SQLite.Database; statements: SqliteDatabase },
  ) {}

  /** The read-only connection with its statement cache. */
  private readOnly(): SqliteDatabase {
    if (!this.statements) {
      this.sqlite = new SQLite(this.file, { readonly: true, fileMustExist: true });
      this.sqlite.pragma('busy_timeout = 10000');
      this.sqlite.pragma('cache_size = -48000');
      this.statements = withStatementCache(this.sqlite);
    }
    return this.statements;
  }

  /** The statement for text on the connection free to read now; run it before anything awaits. */
  private prepare(text: string): SQLite.Statement {
    if (!this.main.sqlite.inTransaction) {
      const statement = this.main.statements.prepare(text) as SQLite.Statement;
      // Only reads go to the main connection: anything else meets the read-only one and fails.
      if (statement.reader) return statement;
    }
    return this.readOnly().prepare(text) as SQLite.Statement;
  }

  /** The connection for a Kysely instance (its driver runs each statement as soon as it is prepared); Kysely's destroy() leaves it to close(). */
  kyselyDatabase(): SqliteDatabase {
    return { prepare: (text) => this.prepare(text), close: () => undefined };
  }

  all(text: string, params: readonly unknown[]): unknown[] {
    return this.prepare(text).all(params);
  }

  /** all() with each row as an array of its values; the shared statement is left in object mode. */
  arrays(text: string, params: readonly unknown[]): unknown[][] {
    const statement = this.prepare(text);
    statement.raw(true);
    try {
      return statement.all(params) as unknown[][];
    } finally {
      statement.raw(false);
    }
  }

  close(): void {
    this.sqlite?.close();
    this.sqlite = undefined;
    this.statements = undefined;
  }
}

/**
 * Carries the better-sqlite3 connection along every Kysely instance of a SQLite store, transactions
 * included (Kysely hands its plugins on to them), so a hot path can run cached prepared statements
 * synchronously on the connection its caller's transaction holds. It leaves queries untouched.
 */
class SqliteHandle implements KyselyPlugin {
  constructor(readonly sqlite: SQLite.Database) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/**
 * The better-sqlite3 connection behind a SQLite store's Kysely instance or transaction, or
 * undefined for PostgreSQL. Use it only while holding the connection: inside the caller's
 * transaction, or inside db.connection().execute() (Kysely serializes SQLite access by that lock).
 */
export function rawSqlite<DB>(db: Kysely<DB>): SQLite.Database | undefined {
  for (const plugin of db.getExecutor().plugins) if (plugin instanceof SqliteHandle) return plugin.sqlite;
  return undefined;
}

const rawStatements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * A statement prepared once per raw connection (see rawSqlite): hot paths that run SQL directly on
 * the connection their transaction holds. Only fixed SQL texts belong here (they are never evicted).
 */
export function preparedOn(sqlite: SQLite.Database, text: string): SQLite.Statement {
  let cache = rawStatements.get(sqlite);
  if (!cache) rawStatements.set(sqlite, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = sqlite.prepare(text)));
  return statement;
}

/**
 * better-sqlite3 compiles SQL on every prepare(), and Kysely prepares every query it runs: on a
 * point lookup the compile cost as much as the lookup itself. The API repeats a few query shapes, so
 * their statements are kept. Long SQL (bulk inserts, whose text varies with the row count) is not.
 */
function withStatementCache(sqlite: SQLite.Database, max = 200): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      const cached = cache.get(text);
      // A statement still iterating (a streamed query) cannot run a second time concurrently.
      if (cached && !cached.busy) return cached;
      const stmt = sqlite.prepare(text);
      if (text.length <= 4096 && !cached) {
        if (cache.size >= max) cache.delete(cache.keys().next().value ?? '');
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

function openPostgres(url: string, schema: string | undefined, poolSize: number): Store {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let host = 'PostgreSQL';
  try {
    const u = new URL(url);
    host = `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}${schema ? ` (schema ${schema})` : ''}`;
  } catch {
    // the URL was validated by the config; a description is best-effort
  }
  // Statement names must be unique per SQL text on a connection; a short hash of the text is.
  const names = new Map<string, string>();
  function read(text: string, params: readonly unknown[]): Promise<unknown[]>;
  function read(text: string, params: readonly unknown[], arrays: true): Promise<unknown[][]>;
  async function read(text: string, params: readonly unknown[], arrays?: true): Promise<unknown[] | unknown[][]> {
    let name = names.get(text);
    if (!name) {
      name = `lw_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      if (names.size >= 500) names.clear();
      names.set(text, name);
    }
    const result = await pool.query({ name, text, values: [...params], ...(arrays ? { rowMode: 'array' as const } : {}) });
    return result.rows as unknown[];
  }
  return { db, dialect: 'postgres', describe: host, pgSchema: schema, read, readDb: db, close: () => db.destroy() };
}
