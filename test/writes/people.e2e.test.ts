import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { People } from '../../src/connectors/entrata/mappers/events.ts';
import { applicationMembersQuery, peopleOfApplication } from '../../src/connectors/entrata/writes/people.ts';
import { rawSqlite } from '../../src/store/db.ts';
import { upsertRecords } from '../../src/store/repositories/records.ts';
import { runSync } from '../../src/sync/engine.ts';
import { createSyncHarness, type SyncHarness } from '../sync/harness.ts';

// The read-back's "people of this application" lookup (no LIKE over JSON): the same answer as the
// scan it replaced, for every application of the synced sandbox, and index-backed in both dialects.
let h: SyncHarness;
const db = () => h.store.db as unknown as Kysely<never>;
beforeAll(async () => {
  h = await createSyncHarness();
  const run = await runSync(h.deps, h.integration.id);
  if (run.error) throw new Error(run.error);
}, 60_000);
afterAll(() => h?.close());

/** The replaced implementation, verbatim in effect: x_id or any quoted JSON value, then filtered. */
async function byScan(propertyXId: string, applicationId: string): Promise<People> {
  const people: People = { leads: [], applicants: [], residents: [] };
  for (const model of ['leads', 'applicants', 'residents'] as const) {
    const rows = await h.store.db
      .selectFrom(model)
      .select(['x_id', 'internal'])
      .where('integration_id', '=', h.integration.id)
      .where('x_property_id', '=', propertyXId)
      .where((eb) => eb.or([eb('x_id', '=', applicationId), eb('internal', 'like', `%"${applicationId}"%`)]))
      .execute();
    for (const r of rows) {
      const internal = r.internal ? (JSON.parse(r.internal) as { application_id?: string; application_ids?: string[] }) : {};
      const apps = [internal.application_id, ...(internal.application_ids ?? [])];
      if ((model === 'leads' && r.x_id === applicationId) || apps.includes(applicationId)) people[model].push(r.x_id);
    }
  }
  const sorted = (a: string[]) => [...a].sort();
  return { leads: sorted(people.leads), applicants: sorted(people.applicants), residents: sorted(people.residents) };
}

const sortedPeople = (p: People): People => ({ leads: [...p.leads].sort(), applicants: [...p.applicants].sort(), residents: [...p.residents].sort() });

describe(`people of an application (${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('finds what the LIKE scan found, for every application of every property', async () => {
    const apps = new Set<string>();
    for (const model of ['leads', 'applicants', 'residents'] as const) {
      for (const r of await h.store.db.selectFrom(model).select(['x_property_id', 'internal']).where('integration_id', '=', h.integration.id).execute()) {
        const internal = JSON.parse(r.internal ?? '{}') as { application_id?: string | null; application_ids?: string[] };
        for (const a of [internal.application_id, ...(internal.application_ids ?? [])]) if (a) apps.add(`${r.x_property_id}|${a}`);
      }
    }
    expect(apps.size).toBeGreaterThan(50);
    let withResidents = 0;
    let withApplicants = 0;
    for (const key of apps) {
      const [p, a] = key.split('|') as [string, string];
      const found = await peopleOfApplication(db(), h.integration.id, p, a);
      expect(sortedPeople(found), key).toEqual(await byScan(p, a));
      if (found.residents.length > 0) withResidents++;
      if (found.applicants.length > 0) withApplicants++;
    }
    // The comparison covered every kind of person.
    expect(withResidents).toBeGreaterThan(0);
    expect(withApplicants).toBeGreaterThan(0);
  }, 60_000);

  it('finds a resident whose lease came from several applications, by any of them; nothing for an unknown one', async () => {
    const [resident] = await h.store.db.selectFrom('residents').select(['x_id', 'x_property_id', 'property_id', 'data', 'internal']).where('integration_id', '=', h.integration.id).limit(1).execute();
    const p = resident!.x_property_id!;
    const input = (xId: string, apps: string[]) => ({
      x_id: xId,
      x_property_id: p,
      property_id: resident!.property_id,
      data: JSON.parse(resident!.data) as Record<string, unknown>,
      internal: { application_id: apps[0] ?? null, application_ids: apps, lease_id: 'L-renewed', unit_id: null },
      links: {},
    });
    await h.store.db.transaction().execute((trx) =>
      upsertRecords(trx, h.integration, 'residents', [input('R-multi-1', ['91000001', '91000002', '91000003']), input('R-multi-2', ['91000001', '91000002', '91000003']), input('R-none', [])], new Date().toISOString()),
    );
    for (const a of ['91000001', '91000002', '91000003']) {
      const found = await peopleOfApplication(db(), h.integration.id, p, a);
      expect(found, a).toEqual({ leads: [], applicants: [], residents: ['R-multi-1', 'R-multi-2'] });
      expect(sortedPeople(found)).toEqual(await byScan(p, a));
    }
    expect(await peopleOfApplication(db(), h.integration.id, p, '9100000')).toEqual({ leads: [], applicants: [], residents: [] });
    // Another property's people are not this property's.
    expect(await peopleOfApplication(db(), h.integration.id, `${p}9`, '91000002')).toEqual({ leads: [], applicants: [], residents: [] });
  });

  it('uses the indexes of migration 0005, not a scan', async () => {
    for (const model of ['applicants', 'residents'] as const) {
      const q = applicationMembersQuery(h.store.dialect, model, h.integration.id, '100101', '10000002').compile(h.store.db);
      const sqlite = rawSqlite(h.store.db);
      if (sqlite) {
        const plan = await h.store.db.connection().execute(async () => (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters) as Array<{ detail: string }>).map((r) => r.detail).join('\n'));
        expect(plan).toMatch(new RegExp(`SEARCH ${model} USING INDEX ${model}_application \\(integration_id=\\? AND <expr>=\\?\\)`));
        expect(plan).toMatch(new RegExp(`SEARCH ${model} USING INDEX ${model}_applications_multi \\(integration_id=\\? AND x_property_id=\\?\\)`));
        expect(plan).not.toMatch(/SCAN (applicants|residents)\b/);
      } else {
        // The test tables are small enough for a sequential scan to win: forbid it to see that the index serves.
        const plan = await h.store.db.transaction().execute(async (trx) => {
          await sql`ANALYZE ${sql.table(model)}`.execute(trx);
          await sql`SET LOCAL enable_seqscan = off`.execute(trx);
          const { rows } = await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`.replace(/\$(\d+)/g, (_, n: string) => `'${String(q.parameters[Number(n) - 1]).replace(/'/g, "''")}'`)).execute(trx);
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        });
        expect(plan).toMatch(new RegExp(`Bitmap Index Scan on ${model}_applications\\b`));
      }
    }
  });
});
