import type { Kysely } from 'kysely';

/** The table a connector's cache lives in (migration 0016), as this module uses it. */
export interface PmsCacheDb {
  connector_cache: { integration_id: string; key: string; value: string; fetched_at: number };
}

/**
 * PMS answers kept in the store, shared by every process of the deployment: a sync run that
 * finds a fresh entry does not spend a call of the PMS's rate limit to read it again.
 */
export class PmsCache {
  private readonly db: Kysely<PmsCacheDb>;

  constructor(
    db: Kysely<never>,
    private readonly integrationId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = db as unknown as Kysely<PmsCacheDb>;
  }

  /** The value stored under `key` if it was read from the PMS less than `maxAgeMs` ago. */
  async get<T>(key: string, maxAgeMs: number): Promise<T | undefined> {
    const row = await this.db.selectFrom('connector_cache').select(['value', 'fetched_at']).where('integration_id', '=', this.integrationId).where('key', '=', key).executeTakeFirst();
    if (!row || this.now() - Number(row.fetched_at) >= maxAgeMs) return undefined;
    return JSON.parse(row.value) as T;
  }

  async put(key: string, value: unknown, fetchedAt = this.now()): Promise<void> {
    const text = JSON.stringify(value);
    await this.db
      .insertInto('connector_cache')
      .values({ integration_id: this.integrationId, key, value: text, fetched_at: fetchedAt })
      .onConflict((oc) => oc.columns(['integration_id', 'key']).doUpdateSet({ value: text, fetched_at: fetchedAt }))
      .execute();
  }

  /** Read through: the fresh stored value, else `read()`'s answer, stored. */
  async through<T>(key: string, maxAgeMs: number, read: () => Promise<T>): Promise<T> {
    const hit = await this.get<T>(key, maxAgeMs);
    if (hit !== undefined) return hit;
    const fetchedAt = this.now();
    const value = await read();
    await this.put(key, value, fetchedAt);
    return value;
  }
}
