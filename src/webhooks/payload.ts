import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SyncOutboxTable } from '../store/schema.ts';

/**
 * What a delivery sends: Propexo's webhook payloads (propexo-events.md §8.3), in the formal
 * API-reference shape `{ "trigger": NAME, "data": { "event": NAME, … } }`, signed as §8.2 says.
 * Pure functions: the same outbox row always gives the same bytes, so a retry sends exactly what
 * the first attempt sent.
 */

export type OutboxRow = Pick<SyncOutboxTable, 'id' | 'integration_id' | 'run_id' | 'event' | 'model' | 'record_id' | 'property_id' | 'payload' | 'created_at'>;

export interface WebhookPayload {
  trigger: string;
  data: Record<string, unknown> & { event: string };
}

function parseObject(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The payload of one outbox row. `vendor` is the integration's PMS (null once it was deleted). */
export function buildPayload(row: OutboxRow, vendor: string | null): WebhookPayload {
  const stored = parseObject(row.payload);
  if (row.event === 'DATA_NEW' || row.event === 'DATA_UPDATE') {
    const common = {
      event: row.event,
      object: row.model,
      record_id: row.record_id,
      integration_id: row.integration_id,
      vendor,
      // A record change comes from a sync run: it is the job and its root.
      job_id: row.run_id,
      root_job_id: row.run_id,
      job_type: 'SYNC',
      context: { property_id: row.property_id },
      meta: { integration_id: row.integration_id, object: row.model },
    };
    if (row.event === 'DATA_NEW') {
      // The new record's fields (minimal: re-GET the record for links and embedded arrays).
      return { trigger: row.event, data: { ...common, payload: { created_at: row.created_at, ...stored } } };
    }
    const { diff, ...rest } = stored;
    const d = diff && typeof diff === 'object' ? (diff as { new?: unknown; previous?: unknown }) : {};
    return { trigger: row.event, data: { ...common, diff: { new: d.new ?? {}, previous: d.previous ?? {} }, ...(typeof rest.x_id === 'string' ? { x_id: rest.x_id } : {}) } };
  }
  // A test event an operator sent (webhooks/manual.ts) belongs to no integration.
  if (row.event === 'TEST') return { trigger: row.event, data: { ...stored, event: row.event } };
  // SYNC_COMPLETE, FIRST_SYNC_COMPLETE, JOB_FAILURE and WRITE_OPERATION_FAILURE are stored in
  // their published shape already; the vendor is filled in when the writer did not know it.
  return { trigger: row.event, data: { ...stored, event: row.event, integration_id: stored.integration_id ?? row.integration_id, vendor: stored.vendor ?? vendor } };
}

/** The propexo-signature header: the hex HMAC-SHA256 of the raw body, keyed with the webhook's secret. */
export function signBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** How a receiver checks a delivery (constant-time), as the README shows. */
export function verifySignature(secret: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signBody(secret, body), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
