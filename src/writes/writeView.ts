import { z } from 'zod';
import type { WriteJobTable } from '../jobs/tables.ts';
import type { LogEntry } from './writeJobs.ts';

/**
 * How the operator endpoints (GET /v1/admin/writes, /v1/admin/writes/{job_id}) show a write job:
 * its outcome, and each attempt with what happened and when. Pure: a job row in, a view out.
 */

export const writeStatuses = ['PENDING', 'SUCCESS', 'PARTIAL_SUCCESS', 'FAILURE'] as const;

export const writeSummarySchema = z
  .object({
    job_id: z.string().describe('The id a write endpoint answered with'),
    status: z.enum(writeStatuses),
    phase: z.string().describe('Where the exactly-once protocol stands: QUEUED, SNAPSHOT, SENT or DONE'),
    kind: z.string().describe('What was written, "<category>.<person model>", e.g. events.leads'),
    integration_id: z.string(),
    vendor: z.string(),
    person_id: z.string().nullable().describe("The Leasewire id of the lead, applicant or resident the write is about, when it names one"),
    attempts: z.number().int().describe('Attempts made so far'),
    error: z.string().nullable().describe('Why it failed (FAILURE only)'),
    created_record_id: z.string().nullable().describe('The Leasewire id of the record the write created, once read back'),
    retry_of: z.string().nullable().describe('The failed write this one retries'),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().int().nullable().describe('From submission to the outcome (null while PENDING)'),
  })
  .meta({ id: 'WriteSummary' });
export type WriteSummary = z.infer<typeof writeSummarySchema>;

export const writeAttemptSchema = z.object({
  attempt: z.number().int().describe('1 for the first attempt'),
  at: z.string().describe('When the attempt ended'),
  outcome: z.enum(['succeeded', 'will_retry', 'failed']).describe('succeeded; will_retry (a transient error, tried again after a backoff); failed (given up)'),
  reason: z.string().describe("What happened, in the PMS's words where it gave any"),
  since_previous_ms: z.number().int().describe('Time since the previous attempt ended (since submission for the first)'),
});
export type WriteAttempt = z.infer<typeof writeAttemptSchema>;

export const writeDetailSchema = writeSummarySchema
  .extend({
    request: z.unknown().describe('The validated request the worker executes'),
    response: z.unknown().describe('What the write endpoint answered'),
    errors: z.array(z.string()),
    x_record_id: z.string().nullable().describe("The PMS's id of the record the write created"),
    attempt_log: z.array(writeAttemptSchema).describe('Every attempt, oldest first'),
    retried_by: z.array(z.string()).describe('Writes that retried this one, oldest first'),
  })
  .meta({ id: 'WriteDetail' });
export type WriteDetail = z.infer<typeof writeDetailSchema>;

function parseJson(text: string | null, fallback: unknown): unknown {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

/** Where a person id sits in a write's stored response: the accepted body, under result or data. */
export const personKeys = ['lead_id', 'applicant_id', 'resident_id'] as const;

/** The person a write's accepted body names (lead_id, applicant_id or resident_id), or null. */
export function personOf(response: unknown): string | null {
  if (!response || typeof response !== 'object') return null;
  const r = response as Record<string, unknown>;
  for (const body of [r.result, r.data, r]) {
    if (!body || typeof body !== 'object') continue;
    for (const key of personKeys) {
      const v = (body as Record<string, unknown>)[key];
      if (typeof v === 'string' && v) return v;
    }
  }
  return null;
}

/** The exact text a stored response holds when its body names `personId` under `key` (JSON.stringify's spacing). */
export const personNeedle = (key: (typeof personKeys)[number], personId: string): string => `${JSON.stringify(key)}:${JSON.stringify(personId)}`;

const outcomes = { succeed: 'succeeded', retry: 'will_retry', fail: 'failed' } as const;

export function attemptsOf(job: Pick<WriteJobTable, 'log' | 'created_at'>): WriteAttempt[] {
  const log = parseJson(job.log, []);
  if (!Array.isArray(log)) return [];
  let previous = Date.parse(job.created_at);
  return (log as LogEntry[]).map((e) => {
    const at = Date.parse(e.at);
    const since = Number.isNaN(at) || Number.isNaN(previous) ? 0 : Math.max(0, at - previous);
    previous = at;
    return { attempt: e.attempt, at: e.at, outcome: outcomes[e.action] ?? 'failed', reason: e.reason, since_previous_ms: since };
  });
}

export function writeSummary(job: WriteJobTable): WriteSummary {
  const errors = parseJson(job.errors, []);
  const finished = job.finished_at ? Date.parse(job.finished_at) - Date.parse(job.created_at) : null;
  return {
    job_id: job.id,
    status: job.status,
    phase: job.phase,
    kind: job.kind,
    integration_id: job.integration_id,
    vendor: job.vendor,
    person_id: personOf(parseJson(job.response, null)),
    attempts: job.attempts,
    error: job.status === 'FAILURE' && Array.isArray(errors) && typeof errors[0] === 'string' ? errors[0] : null,
    created_record_id: job.created_record_id,
    retry_of: job.retry_of,
    created_at: job.created_at,
    finished_at: job.finished_at,
    duration_ms: finished === null || Number.isNaN(finished) ? null : Math.max(0, finished),
  };
}

export function writeDetail(job: WriteJobTable, retriedBy: string[]): WriteDetail {
  const errors = parseJson(job.errors, []);
  return {
    ...writeSummary(job),
    request: parseJson(job.request, null),
    response: parseJson(job.response, null),
    errors: Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : [],
    x_record_id: job.x_record_id,
    attempt_log: attemptsOf(job),
    retried_by: retriedBy,
  };
}
