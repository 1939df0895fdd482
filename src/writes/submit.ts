import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ApiError, invalidRequest } from '../api/errors.ts';
import type { PersonModel } from '../connectors/connector.ts';
import { connectorFor } from '../connectors/registry.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { nowInstant } from '../lib/time.ts';
import type { Store } from '../store/db.ts';
import { getIntegration } from '../store/repositories/integrations.ts';
import type { Database } from '../store/schema.ts';
import { CommitBatcher } from './commitBatcher.ts';
import { createWriteJob, getWriteJob } from './writeJobs.ts';

const KEY_TTL_MS = 24 * 3_600_000;

export interface EventWriteSubmission {
  accountId: string;
  model: PersonModel;
  body: Record<string, unknown>;
  /** Builds the response body from the job id and the accepted fields. */
  respond: (jobId: string, accepted: Record<string, unknown>) => Record<string, unknown>;
  idempotencyKey: string | undefined;
  /** Distinguishes endpoints sharing a key space (vendor vs generic responses). */
  endpoint: string;
}

/**
 * Validates an event write against its PMS's rules and the synced store, then stores the job and
 * enqueues it in one transaction (shared with writes accepted at the same moment: group commit). A repeated Idempotency-Key with the same body answers the first
 * response; with another body it is a 409.
 */
export async function submitEventWrite(store: Store, queue: JobQueue, s: EventWriteSubmission): Promise<Record<string, unknown>> {
  const hash = createHash('sha256').update(`${s.endpoint}\u0000${stableJson(s.body)}`).digest('base64url');
  // Everything read before the job's transaction is committed data: it goes through the store's
  // read connection, so a burst of writes does not queue behind the group commit (SQLite).
  const db = store.readDb;
  if (s.idempotencyKey) {
    const replay = await findKey(store, s.accountId, s.idempotencyKey, hash);
    if (replay) return replay;
  }
  const integrationId = String(s.body.integration_id);
  const integration = await getIntegration(db, s.accountId, integrationId);
  if (!integration) {
    throw invalidRequest(`No integration "${integrationId}" exists for this API key's account. List them with GET /v1/admin/integrations/.`, [
      { code: 'custom', path: ['integration_id'], message: 'unknown integration' },
    ]);
  }
  const writes = connectorFor(integration.vendor)?.writes;
  if (!writes) throw new ApiError(400, 'invalid_request', `${integration.vendor} integrations do not support event writes.`);
  const verdict = await writes.validateEvent(db as unknown as Kysely<never>, integration, s.model, s.body);
  if (!verdict.ok) {
    const first = verdict.issues[0]!;
    const more = verdict.issues.length > 1 ? ` (and ${verdict.issues.length - 1} more in details.issues)` : '';
    throw invalidRequest(`Invalid body: ${first.path.join('.')}: ${first.message}${more}`, verdict.issues.map((i) => ({ ...i })));
  }
  try {
    return await enqueueWrite(store, queue, s, integration, verdict, hash);
  } catch (err) {
    // Another request with the same new key committed first: answer what it answered (or 409).
    if (s.idempotencyKey && isUniqueViolation(err)) {
      const replay = await findKey(store, s.accountId, s.idempotencyKey, hash);
      if (replay) return replay;
    }
    throw err;
  }
}

async function enqueueWrite(
  store: Store,
  queue: JobQueue,
  s: EventWriteSubmission,
  integration: { id: string; vendor: string },
  verdict: { request: Record<string, unknown>; serialKey: string },
  hash: string,
): Promise<Record<string, unknown>> {
  return batcherOf(store.db).run(async (trx) => {
    const job = await createWriteJob(trx, queue, {
      account_id: s.accountId,
      integration_id: integration.id,
      vendor: integration.vendor,
      kind: `events.${s.model}`,
      request: verdict.request,
      serialKey: verdict.serialKey,
      response: (id) => s.respond(id, s.body),
    });
    if (s.idempotencyKey) {
      const now = Date.now();
      await trx
        .insertInto('idempotency_keys')
        .values({ account_id: s.accountId, key: s.idempotencyKey, request_hash: hash, job_id: job.id, created_at: nowInstant(), expires_at: new Date(now + KEY_TTL_MS).toISOString() })
        .execute();
    }
    return JSON.parse(job.response) as Record<string, unknown>;
  });
}

const batchers = new WeakMap<Kysely<Database>, CommitBatcher>();
function batcherOf(db: Kysely<Database>): CommitBatcher {
  let b = batchers.get(db);
  if (!b) batchers.set(db, (b = new CommitBatcher(db)));
  return b;
}

/** A primary-key or unique-index violation, on SQLite or PostgreSQL. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

async function findKey(store: Store, accountId: string, key: string, hash: string): Promise<Record<string, unknown> | null> {
  const db = store.readDb;
  const row = await db.selectFrom('idempotency_keys').selectAll().where('account_id', '=', accountId).where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  if (row.expires_at < nowInstant()) {
    await store.db.deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('key', '=', key).execute();
    return null;
  }
  if (row.request_hash !== hash) {
    throw new ApiError(409, 'idempotency_conflict', `Idempotency-Key "${key}" was already used with a different request (job ${row.job_id}). Use a new key for a new write.`);
  }
  const job = await getWriteJob(db, accountId, row.job_id);
  return job ? (JSON.parse(job.response) as Record<string, unknown>) : null;
}

/** JSON with sorted keys, so that field order does not change a request's identity. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
