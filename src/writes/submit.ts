import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ApiError, invalidRequest } from '../api/errors.ts';
import type { ConnectorWrites, EventValidation, PersonModel } from '../connectors/connector.ts';
import { connectorFor } from '../connectors/registry.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { nowInstant } from '../lib/time.ts';
import { rawSqlite, type Store } from '../store/db.ts';
import type { IntegrationRef } from '../store/repositories/integrations.ts';
import type { Database } from '../store/schema.ts';
import { insertAcceptedWrites, insertAcceptedWritesSync, type AcceptedWrite } from './acceptJobs.ts';
import { CommitBatcher } from './commitBatcher.ts';
import { getWriteJob, newWriteJobRow } from './writeJobs.ts';

const KEY_TTL_MS = 24 * 3_600_000;

export interface EventWriteSubmission {
  accountId: string;
  model: PersonModel;
  body: Record<string, unknown>;
  /** The body's integration, looked up by the route (integrationRef). */
  integration: IntegrationRef | undefined;
  /** Builds the response body from the job id and the accepted fields. */
  respond: (jobId: string, accepted: Record<string, unknown>) => Record<string, unknown>;
  idempotencyKey: string | undefined;
  /** Distinguishes endpoints sharing a key space (vendor vs generic responses). */
  endpoint: string;
  /** The job's kind (default `events.<model>`). */
  kind?: string;
  /** How the body is validated (default: the connector's validateEvent), e.g. an appointment's rules. */
  validate?: (writes: ConnectorWrites<unknown>, store: Store, integration: IntegrationRef, model: PersonModel, body: Record<string, unknown>) => Promise<EventValidation>;
}

/**
 * Validates an event write against its PMS's rules and the synced store, then stores the job and
 * enqueues it in one transaction (shared with writes accepted at the same moment: group commit).
 * Answers the response as JSON text, as stored with the job (a replay answers the same text). A
 * repeated Idempotency-Key with the same body answers the first response; with another body it is
 * a 409.
 */
export async function submitEventWrite(store: Store, queue: JobQueue, s: EventWriteSubmission): Promise<string> {
  // The request's identity matters only to a repeated Idempotency-Key.
  const hash = s.idempotencyKey ? createHash('sha256').update(`${s.endpoint}\u0000${stableJson(s.body)}`).digest('base64url') : '';
  if (s.idempotencyKey) {
    const replay = await findKey(store, s.accountId, s.idempotencyKey, hash);
    if (replay !== null) return replay;
  }
  const integration = s.integration;
  if (!integration) throw unknownIntegration(String(s.body.integration_id));
  const writes = connectorFor(integration.vendor)?.writes;
  if (!writes) throw new ApiError(400, 'invalid_request', `${integration.vendor} integrations do not support event writes.`);
  // Everything read before the job's transaction is committed data: it goes through the store's
  // prepared reader, so a burst of writes does not queue behind the group commit.
  const verdict = s.validate ? await s.validate(writes, store, integration, s.model, s.body) : await writes.validateEvent(store, integration, s.model, s.body);
  if (!verdict.ok) {
    const first = verdict.issues[0]!;
    const more = verdict.issues.length > 1 ? ` (and ${verdict.issues.length - 1} more in details.issues)` : '';
    throw invalidRequest(`Invalid body: ${first.path.join('.')}: ${first.message}${more}`, verdict.issues.map((i) => ({ ...i })));
  }
  const job = newWriteJobRow({
    account_id: s.accountId,
    integration_id: integration.id,
    vendor: integration.vendor,
    kind: s.kind ?? `events.${s.model}`,
    request: verdict.request,
    serialKey: verdict.serialKey,
    responseText: (id) => JSON.stringify(s.respond(id, s.body)),
  });
  const key = s.idempotencyKey
    ? { account_id: s.accountId, key: s.idempotencyKey, request_hash: hash, job_id: job.id, created_at: job.created_at, expires_at: new Date(Date.now() + KEY_TTL_MS).toISOString() }
    : undefined;
  try {
    return await batcherOf(store, queue).run({ job, key });
  } catch (err) {
    // Another request with the same new key committed first: answer what it answered (or 409).
    if (s.idempotencyKey && isUniqueViolation(err)) {
      const replay = await findKey(store, s.accountId, s.idempotencyKey, hash);
      if (replay !== null) return replay;
    }
    // The integration was deleted since it was looked up: the job's row cannot reference it.
    if (isForeignKeyViolation(err)) throw unknownIntegration(integration.id);
    throw err;
  }
}

type AcceptBatcher = CommitBatcher<AcceptedWrite, string>;
const batchers = new WeakMap<Kysely<Database>, WeakMap<JobQueue, AcceptBatcher>>();
function batcherOf(store: Store, queue: JobQueue): AcceptBatcher {
  const db = store.db;
  let byQueue = batchers.get(db);
  if (!byQueue) batchers.set(db, (byQueue = new WeakMap()));
  let b = byQueue.get(queue);
  if (!b) {
    const responses = (writes: AcceptedWrite[]) => writes.map((w) => w.job.response);
    const sqlite = rawSqlite(db);
    const enqueueManySync = queue.enqueueManySync?.bind(queue);
    // SQLite with the embedded queue: each batch from BEGIN to COMMIT in one synchronous step.
    const commitSync = sqlite && enqueueManySync
      ? (writes: AcceptedWrite[]) => {
          insertAcceptedWritesSync(sqlite, enqueueManySync, writes);
          return responses(writes);
        }
      : undefined;
    const sync = sqlite && commitSync ? { sqlite, commit: commitSync } : undefined;
    b = new CommitBatcher<AcceptedWrite, string>(
      db,
      async (trx, writes) => {
        await insertAcceptedWrites(trx, queue, writes);
        return responses(writes);
      },
      undefined,
      sync,
    );
    byQueue.set(queue, b);
  }
  return b;
}

function unknownIntegration(integrationId: string): ApiError {
  return invalidRequest(`No integration "${integrationId}" exists for this API key's account. List them with GET /v1/admin/integrations/.`, [
    { code: 'custom', path: ['integration_id'], message: 'unknown integration' },
  ]);
}

/** A foreign-key violation, on SQLite or PostgreSQL. */
function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** A primary-key or unique-index violation, on SQLite or PostgreSQL. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** The stored response (JSON text) of an earlier write with this key, or null when there is none. */
async function findKey(store: Store, accountId: string, key: string, hash: string): Promise<string | null> {
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
  return job ? job.response : null;
}

/** JSON with sorted keys, so that field order does not change a request's identity. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
