import type { HttpRequestFn } from '../../lib/httpRequest.ts';
import { BuildiumClient } from './client.ts';
import type { BuildiumCredentials } from './credentials.ts';
import { BuildiumError } from './errors.ts';

export type CredentialsCheck = { ok: true } | { ok: false; transient: boolean; message: string };

/**
 * Whether Buildium takes these credentials: one small read (the first rental). Ready for the
 * connector-level credentials check when an integration is saved; a 401 or 403 says which half
 * to fix, a network failure says it may be worth trying again.
 */
export async function checkBuildiumCredentials(credentials: BuildiumCredentials, options: { integrationId?: string; fetch?: HttpRequestFn; timeoutMs?: number } = {}): Promise<CredentialsCheck> {
  const client = new BuildiumClient(credentials, {
    integrationId: options.integrationId ?? 'credentials-check',
    maxAttempts: 1,
    timeoutMs: options.timeoutMs ?? 10_000,
    onCall: () => {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    await client.get('/v1/rentals', { limit: 1 });
    return { ok: true };
  } catch (e) {
    if (!(e instanceof BuildiumError)) throw e;
    return { ok: false, transient: e.kind === 'transient', message: e.message };
  }
}
