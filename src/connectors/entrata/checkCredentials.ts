import type { CredentialCheck, CredentialCheckOptions } from '../connector.ts';
import { EntrataClient, gatewayFor } from './client.ts';
import { entrataOrganization, type EntrataCredentials } from './credentials.ts';
import { isEntrataError } from './errors.ts';

const SERVICE = 'status';
const METHOD = 'getStatus';
const CALL = `${SERVICE}/${METHOD}`;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Asks Entrata for its status with the given credentials: the cheapest call there is (no
 * parameters, no data), and it goes through the same authentication as every other call on both
 * gateways (the sandbox checks credentials before anything else; for real Entrata the public record
 * only shows getStatus called with credentials, §2.1). Called once, not retried: an unknown outcome
 * is reported as unreachable and does not block saving.
 *
 * Entrata refuses credentials with code 401 (or HTTP 401), denies an API user who was not granted
 * access with 403, and answers 404 for a host or organization that has no such API; each of those
 * is a refusal naming the field to fix. Anything else (network, timeout, 5xx, throttling, a body
 * that is not Entrata's) says nothing about the credentials.
 */
export async function checkEntrataCredentials(c: EntrataCredentials, options: CredentialCheckOptions = {}): Promise<CredentialCheck> {
  const client = new EntrataClient(c, {
    integrationId: 'credentials-check',
    maxAttempts: 1,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    await client.call({ service: SERVICE, method: METHOD, version: 'r1', retry: false });
    return { status: 'ok', call: CALL };
  } catch (e) {
    if (!isEntrataError(e)) return { status: 'unreachable', call: CALL, message: `Could not check the credentials with Entrata: ${e instanceof Error ? e.message : String(e)}` };
    const refusal = refusalOf(c, e.reason, e.details.said);
    if (refusal) return { status: 'refused', call: CALL, ...refusal };
    return { status: 'unreachable', call: CALL, message: `${e.message.replace(/\.$/, '')}. Leasewire could not check the credentials` };
  }
}

/** What to tell the user for an answer that refuses the credentials; null when the answer does not. */
export function refusalOf(c: EntrataCredentials, reason: string, entrataSaid: string | undefined): { fields: string[]; message: string } | null {
  const org = entrataOrganization(c);
  const orgField = 'companyId' in c ? 'companyId' : 'subdomain';
  const keyAuth = 'apiKey' in c;
  const said = entrataSaid ? ` (Entrata said: "${entrataSaid}")` : '';
  if (reason === 'credentials') {
    return keyAuth
      ? { fields: ['apiKey'], message: `Entrata refused this API key for organization "${org}"${said}. Check the key, and that ${orgField} is the company's Entrata subdomain` }
      : { fields: ['username', 'password'], message: `Entrata refused this username and password for ${c.base_url ?? `${org}.entrata.com`}${said}. Check both: Entrata does not say which one is wrong` };
  }
  if (reason === 'access') {
    return {
      fields: [keyAuth ? 'apiKey' : 'username'],
      message: `Entrata denied this API user access${said}. The company must grant it in Entrata: Apps → API Access → Add API User → Enable Access`,
    };
  }
  if (reason === 'unknown_method') {
    const url = gatewayFor(c).url(SERVICE);
    return c.base_url
      ? { fields: ['base_url'], message: `${url} is not an Entrata API${said}. Check base_url: the host only, e.g. http://127.0.0.1:4010 for the sandbox` }
      : { fields: [orgField], message: `${url} is not an Entrata API${said}. Check that ${orgField} is the company's Entrata subdomain` };
  }
  return null;
}

/** Only a refusal of the credentials themselves: a property the user may not read is not one. */
export function entrataCredentialsRefused(e: unknown): boolean {
  return isEntrataError(e) && e.reason === 'credentials';
}
