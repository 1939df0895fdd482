import { nowInstant } from '../lib/time.ts';
import type { AuthCheck } from '../store/repositories/integrations.ts';

/**
 * What a PMS said of an integration's credentials (a check when they were saved, or a sync), in
 * the form the store keeps: can_authenticate follows the last answer.
 */
export function authCheckOf(answer: { status: 'ok' | 'refused' | 'unreachable'; call: string; message?: string }): AuthCheck {
  const stored = { status: answer.status, call: answer.call, message: answer.message ?? null };
  return { canAuthenticate: answer.status === 'ok', checkedAt: nowInstant(), detail: JSON.stringify(stored) };
}
