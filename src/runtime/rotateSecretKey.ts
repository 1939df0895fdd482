import { sql } from 'kysely';
import type { Sealer } from '../lib/crypto.ts';
import type { Store } from '../store/db.ts';
import { SecretKeyError } from './secretKey.ts';

/** What a rotation re-sealed (or, in a dry run, found readable). */
export interface ResealCounts {
  /** Integrations whose credentials were re-sealed. */
  integrations: number;
  /** Webhooks whose secret and headers were re-sealed. */
  webhooks: number;
}

/** A sealed value the current key cannot open: where it is, never what it holds. */
export interface UnreadableValue {
  table: 'integrations' | 'webhooks';
  id: string;
  columns: string[];
}

export class UnreadableValuesError extends SecretKeyError {
  constructor(readonly unreadable: UnreadableValue[]) {
    const shown = unreadable.slice(0, 20).map((u) => `${u.table} ${u.id} (${u.columns.join(', ')})`);
    const more = unreadable.length > shown.length ? `, and ${unreadable.length - shown.length} more` : '';
    super(
      `${unreadable.length} stored value(s) cannot be opened with the current key, so nothing was changed: ${shown.join('; ')}${more}. ` +
        'They were sealed with another key. Set them again with the current key (PUT /v1/admin/integrations/{id} with "credentials"; ' +
        'PUT /v1/webhooks/{id} with both "secret" and "headers") or delete them, then run the rotation again.',
    );
  }
}

/**
 * Re-seals every sealed value from one key to the other and moves the stored key fingerprint, in
 * one transaction: either all of it happens or none. Any value `from` cannot open stops it before
 * anything is written. With dryRun, only opens every value and counts. The sealed columns are
 * integration credentials and webhook secret and headers (every `.seal(` in src/); a new one must
 * be added here, or a rotation would leave it unreadable.
 */
export async function resealStore(store: Store, from: Sealer, to: Sealer, options: { dryRun?: boolean } = {}): Promise<ResealCounts> {
  const dryRun = options.dryRun ?? false;
  // WAL with synchronous=NORMAL may lose the last commit on power loss; this one must survive,
  // since the key file is replaced right after it.
  if (store.dialect === 'sqlite' && !dryRun) await sql`pragma synchronous = full`.execute(store.db);
  const forUpdate = store.dialect === 'postgres';
  return store.db.transaction().execute(async (trx) => {
    if (!dryRun) {
      // First, not last: on SQLite the first write takes the database's write lock, so no other
      // process changes a row between the reads below and the updates; on PostgreSQL it holds the
      // row against a second rotation, and the old value in the condition catches one that won.
      const claimed = await trx
        .updateTable('kv')
        .set({ value: to.fingerprint() })
        .where('key', '=', 'secret_key_fingerprint')
        .where('value', '=', from.fingerprint())
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        throw new SecretKeyError('The stored key fingerprint changed while rotating (another rotation ran at the same time?); nothing was changed. Check which key the processes use, then run the rotation again.');
      }
    }
    const integrations = await trx
      .selectFrom('integrations')
      .select(['id', 'credentials'])
      .orderBy('id')
      .$if(forUpdate, (q) => q.forUpdate())
      .execute();
    const webhooks = await trx
      .selectFrom('webhooks')
      .select(['id', 'secret', 'headers'])
      .orderBy('id')
      .$if(forUpdate, (q) => q.forUpdate())
      .execute();

    const unreadable: UnreadableValue[] = [];
    /** The values sealed with `to` (in a dry run, as they are), after opening each with `from`. */
    const reseal = <K extends string>(table: UnreadableValue['table'], id: string, values: Record<K, string>): Record<K, string> => {
      const out = { ...values };
      const failed: string[] = [];
      for (const column of Object.keys(values) as K[]) {
        try {
          const plain = from.open(values[column]);
          if (!dryRun) out[column] = to.seal(plain);
        } catch {
          failed.push(column);
        }
      }
      if (failed.length > 0) unreadable.push({ table, id, columns: failed });
      return out;
    };
    const newIntegrations = integrations.map((r) => ({ id: r.id, ...reseal('integrations', r.id, { credentials: r.credentials }) }));
    const newWebhooks = webhooks.map((r) => ({ id: r.id, ...reseal('webhooks', r.id, { secret: r.secret, headers: r.headers }) }));
    // Throwing rolls the transaction back, the fingerprint update included.
    if (unreadable.length > 0) throw new UnreadableValuesError(unreadable);

    if (!dryRun) {
      for (const { id, credentials } of newIntegrations) {
        await trx.updateTable('integrations').set({ credentials }).where('id', '=', id).execute();
      }
      for (const { id, secret, headers } of newWebhooks) {
        await trx.updateTable('webhooks').set({ secret, headers }).where('id', '=', id).execute();
      }
    }
    return { integrations: integrations.length, webhooks: webhooks.length };
  });
}
