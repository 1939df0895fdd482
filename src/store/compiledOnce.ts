import { CompiledQuery, type Kysely } from 'kysely';
import type { StoreRead } from './db.ts';
import type { Database } from './schema.ts';

/**
 * The write-accept path runs a few fixed query shapes per request. Building and compiling one
 * with Kysely costs about as much as running a point lookup, so each shape is compiled once per
 * dialect, with a marker value in every slot that varies; later runs only put their values into
 * those slots (store/repositories/recordQueries.ts templates record reads with it too). Keyed by the
 * dialect's adapter, which every Kysely instance and transaction of one store shares.
 */
export interface Template {
  sql: string;
  /** Per SQL parameter: the slot it takes its value from, or a value fixed by the shape. */
  params: ReadonlyArray<{ slot: number } | { value: unknown }>;
}

/** A compilable Kysely query (anything with compile()). */
export interface Compilable {
  compile(): CompiledQuery;
}

const templates = new WeakMap<object, Map<string, Template>>();
const MAX_TEMPLATES = 500;

const marker = (i: number): string => `<<lw-slot ${i}>>`;
const markerPattern = /^<<lw-slot (\d+)>>$/;

/** The template of `shape` for db's dialect, compiled from build(slot) the first time. */
export function templateOf<DB>(db: Kysely<DB>, shape: string, build: (slot: (i: number) => string) => Compilable): Template {
  const adapter = db.getExecutor().adapter;
  let cache = templates.get(adapter);
  if (!cache) templates.set(adapter, (cache = new Map()));
  let template = cache.get(shape);
  if (!template) {
    const compiled = build(marker).compile();
    template = {
      sql: compiled.sql,
      params: compiled.parameters.map((value) => {
        const m = typeof value === 'string' ? markerPattern.exec(value) : null;
        return m ? { slot: Number(m[1]) } : { value };
      }),
    };
    if (cache.size >= MAX_TEMPLATES) cache.clear();
    cache.set(shape, template);
  }
  return template;
}

/** The template's parameters for these slot values. */
export function paramsOf(template: Template, slots: readonly unknown[]): unknown[] {
  return template.params.map((p) => ('slot' in p ? slots[p.slot] : p.value));
}

/** Runs a templated query on db (a Kysely instance or the caller's transaction). */
export async function runCompiledOnce<DB, R>(db: Kysely<DB>, shape: string, slots: readonly unknown[], build: (slot: (i: number) => string) => Compilable): Promise<R[]> {
  const template = templateOf(db, shape, build);
  const result = await db.executeQuery<R>(CompiledQuery.raw(template.sql, paramsOf(template, slots)));
  return result.rows;
}

type Reader = { readDb: Kysely<Database>; read?: StoreRead | undefined };
type Build = (slot: (i: number) => string) => Compilable;

/**
 * Runs a templated read of committed data through the store's prepared reader when it has one
 * (SQLite: synchronously on its read connection; PostgreSQL: a named prepared statement), else on
 * its read Kysely instance.
 */
export async function readCompiledOnce<R>(store: Reader, shape: string, slots: readonly unknown[], build: Build): Promise<R[]> {
  return (await readTemplated(store, shape, slots, build, false)) as R[];
}

/**
 * readCompiledOnce with each row as an array of its selected values, in select order: better-sqlite3
 * builds an object per row at a cost of about 2 µs (it names every column again), a hot path maps
 * arrays to its own objects for a fraction of that.
 */
export async function readArraysCompiledOnce<R extends unknown[]>(store: Reader, shape: string, slots: readonly unknown[], build: Build): Promise<R[]> {
  return (await readTemplated(store, shape, slots, build, true)) as R[];
}

async function readTemplated(store: Reader, shape: string, slots: readonly unknown[], build: Build, arrays: boolean): Promise<unknown[]> {
  const template = templateOf(store.readDb, shape, build);
  const params = paramsOf(template, slots);
  if (store.read) return arrays ? store.read(template.sql, params, true) : store.read(template.sql, params);
  const { rows } = await store.readDb.executeQuery<Record<string, unknown>>(CompiledQuery.raw(template.sql, params));
  return arrays ? rows.map((row) => Object.values(row)) : rows;
}
