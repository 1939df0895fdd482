import type { WriteOutcome } from '../connectors/connector.ts';

/** What the worker does with an attempt's outcome; each branch carries a one-line reason. */
export type WriteDecision =
  | { action: 'succeed'; reason: string }
  | { action: 'retry'; reason: string }
  | { action: 'fail'; reason: string };

export function decide(outcome: WriteOutcome, attempt: number, maxAttempts: number): WriteDecision {
  if (outcome.status === 'succeeded') {
    return { action: 'succeed', reason: outcome.xRecordId ? `the PMS created record ${outcome.xRecordId}` : 'the PMS accepted the write; the record arrives with the next sync' };
  }
  if (outcome.kind === 'permanent') return { action: 'fail', reason: outcome.message };
  if (attempt >= maxAttempts) return { action: 'fail', reason: `gave up after ${attempt} attempts: ${outcome.message}` };
  return { action: 'retry', reason: `attempt ${attempt} of ${maxAttempts} hit a transient error: ${outcome.message}` };
}
