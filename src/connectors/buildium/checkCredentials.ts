import type { CredentialCheck, CredentialCheckOptions } from '../connector.ts';
import { BuildiumClient } from './client.ts';
import type { BuildiumCredentials } from './credentials.ts';
import { BuildiumError } from './errors.ts';

const CALL = 'GET /v1/rentals';

/**
 * Whether Buildium takes these credentials: one small read (the first rental), not retried. A 401
 * names both halves of the key (Buildium does not say which is wrong), a 403 the key without
 * access, a 404 a base_url that is not Buildium's API; anything else (network, timeout, 5xx,
 * throttling) says nothing about the credentials: unreachable.
 */
export async function checkBuildiumCredentials(credentials: BuildiumCredentials, options: CredentialCheckOptions = {}): Promise<CredentialCheck> {
  const client = new BuildiumClient(credentials, {
    integrationId: 'credentials-check',
    maxAttempts: 1,
    timeoutMs: options.timeoutMs ?? 10_000,
    onCall: () => {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    await client.get('/v1/rentals', { limit: 1 });
    return { status: 'ok', call: CALL };
  } catch (e) {
    if (!(e instanceof BuildiumError)) return { status: 'unreachable', call: CALL, message: `Could not check the credentials with Buildium: ${e instanceof Error ? e.message : String(e)}` };
    if (e.reason === 'credentials') return { status: 'refused', call: CALL, fields: ['clientId', 'secret'], message: `${e.message.replace(/\.$/, '')} (Buildium does not say which of the two is wrong)` };
    if (e.reason === 'access') return { status: 'refused', call: CALL, fields: ['clientId'], message: e.message };
    if (e.reason === 'not_found') return { status: 'refused', call: CALL, fields: ['base_url'], message: `${credentials.base_url ?? 'The base URL'} answered 404 for ${CALL}: it is not Buildium's API. Check base_url (the host only, e.g. http://127.0.0.1:4020 for the sandbox)` };
    return { status: 'unreachable', call: CALL, message: `${e.message.replace(/\.$/, '')}. Leasewire could not check the credentials` };
  }
}

/** Only a refusal of the key itself: a resource the key may not read is not one. */
export function buildiumCredentialsRefused(e: unknown): boolean {
  return e instanceof BuildiumError && e.reason === 'credentials';
}
