import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../test/support/store.ts';
import { perPropertyTables, recordTables } from './migrations/0001_core.ts';
import { modelNames, models } from './models.ts';
import { recordCoreColumns } from './repositories/records.ts';

const coreColumns: readonly string[] = recordCoreColumns;

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.cleanup());

describe('models.ts and the migrations', () => {
  it('migration 0001 wrote down the tables and filter columns models.ts describes', () => {
    expect(Object.keys(recordTables).sort()).toEqual([...modelNames].sort());
    for (const name of modelNames) expect([...(recordTables[name] ?? [])].sort(), name).toEqual(Object.keys(models[name].columns).sort());
    expect([...perPropertyTables].sort()).toEqual(modelNames.filter((m) => models[m].perProperty).sort());
  });

  it('the migrated database has every column models.ts filters on, and no other', async () => {
    const tables = (await store.db.introspection.getTables()).filter((t) => !store.pgSchema || t.schema === store.pgSchema);
    for (const name of modelNames) {
      const table = tables.find((t) => t.name === name);
      expect(table, `table ${name}`).toBeDefined();
      const columns = (table?.columns ?? []).map((c) => c.name).sort();
      const owner = models[name].owner ? [models[name].owner.column] : [];
      expect(columns, name).toEqual([...coreColumns, ...Object.keys(models[name].columns), ...owner].sort());
    }
  });

  it('every descriptor names its own table, and no filter column shadows a core column', () => {
    for (const name of modelNames) {
      expect(models[name].name).toBe(name);
      for (const column of Object.keys(models[name].columns)) expect(coreColumns).not.toContain(column);
      const owner = models[name].owner;
      if (owner) {
        expect(models[name].links, `${name} owner link`).toContain(owner.rel);
        expect(coreColumns).not.toContain(owner.column);
      }
    }
  });
});
