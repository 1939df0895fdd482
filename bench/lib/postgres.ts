import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { processCpuMs } from './processes.ts';

/** PostgreSQL administration for the benchmarks: each statement on a connection of its own. */
export async function adminQuery(databaseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface BenchSchema {
  /** `<prefix>_<random hex>`: a valid, unquoted identifier. */
  name: string;
  /** Drops the schema and the graphile-worker schema a queue may have made next to it (`<name>_worker`). */
  drop(): Promise<void>;
}

/** Creates a fresh schema in the DATABASE_URL database, so runs never see each other's data. */
export async function createBenchSchema(databaseUrl: string, prefix: string): Promise<BenchSchema> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`schema prefix "${prefix}" must be lower-case letters, digits and underscores`);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(databaseUrl, `CREATE SCHEMA ${name}`);
  return { name, drop: () => adminQuery(databaseUrl, `DROP SCHEMA IF EXISTS ${name} CASCADE; DROP SCHEMA IF EXISTS ${name}_worker CASCADE`) };
}

/**
 * CPU used by the PostgreSQL backends serving one set of processes: those that connect with
 * application_name `appName` (PGAPPNAME in their environment; node-postgres reads it). The
 * database may serve others at the same time (a shared machine), so "every postgres process" would
 * count their work too. Sample it every second or so: a backend that exits takes its CPU time with it.
 */
export class BackendCpu {
  private readonly baseline = new Map<number, number>();
  private readonly latest = new Map<number, number>();
  private started = false;
  private client: pg.Client | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly appName: string,
  ) {}

  async sample(): Promise<void> {
    if (!this.client) {
      this.client = new pg.Client({ connectionString: this.databaseUrl });
      await this.client.connect();
    }
    const pids = (await this.client.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [this.appName])).rows.map((r) => r.pid);
    for (const pid of pids) {
      const ms = processCpuMs(pid);
      if (ms === undefined) continue;
      // Backends that exist at the first sample count from then; later ones from their start.
      if (!this.baseline.has(pid)) this.baseline.set(pid, this.started ? 0 : ms);
      this.latest.set(pid, ms);
    }
    this.started = true;
  }

  async close(): Promise<void> {
    await this.client?.end();
    this.client = undefined;
  }

  /** CPU ms used since the first sample (NaN without /proc). */
  spentMs(): number {
    if (this.latest.size === 0) return NaN;
    let ms = 0;
    for (const [pid, now] of this.latest) ms += now - (this.baseline.get(pid) ?? 0);
    return ms;
  }
}
