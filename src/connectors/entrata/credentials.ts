import { z } from 'zod';

const subdomain = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'must be the Entrata subdomain, e.g. "acme" for acme.entrata.com')
  .describe('The company subdomain in Entrata (acme for acme.entrata.com)');

const companyId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'must be the Entrata company ID, which is its subdomain, e.g. "acme" for acme.entrata.com')
  .describe('Propexo\'s name for the Entrata subdomain: the organization in apis.entrata.com/ext/orgs/{companyId}');

const apiKey = z.string().min(1).describe('API key from Entrata (Apps → API Access)');
const baseUrl = z.url().optional().describe('Override of the API host, e.g. http://127.0.0.1:4010 for the sandbox');

/**
 * Entrata accepts an API key on its gateway (apis.entrata.com/ext/orgs/{subdomain}) or a
 * username/password with HTTP Basic on {subdomain}.entrata.com. `base_url` points both at another
 * host, such as the bundled Entrata sandbox.
 *
 * `{apiKey, companyId}` is the shape of Propexo's published Entrata credentials, accepted so a
 * Propexo client works unchanged. Its companyId is the company's Entrata subdomain: the
 * organization segment of the API-key gateway's URL (reference §1.1 calls it "orgs" / "company
 * ID" / "client subdomain"; Propexo's own guide to moving to API keys says to "keep the existing
 * company ID/subdomain"). It is stored as given and read through entrataOrganization().
 */
export const entrataCredentialsSchema = z.union([
  z.object({ subdomain, apiKey, base_url: baseUrl }).strict(),
  z
    .object({
      subdomain,
      username: z.string().min(1).describe('Entrata API username (HTTP Basic)'),
      password: z.string().min(1).describe('Entrata API password (HTTP Basic)'),
      base_url: baseUrl,
    })
    .strict(),
  z.object({ companyId, apiKey, base_url: baseUrl }).strict(),
]);
export type EntrataCredentials = z.infer<typeof entrataCredentialsSchema>;

/** The company's subdomain, whichever name the credentials gave it. */
export function entrataOrganization(c: EntrataCredentials): string {
  return 'companyId' in c ? c.companyId : c.subdomain;
}

export function describeEntrataCredentials(c: EntrataCredentials): Record<string, string> {
  return {
    ...('companyId' in c ? { companyId: c.companyId } : { subdomain: c.subdomain }),
    auth: 'apiKey' in c ? 'apiKey' : 'basic',
    ...(c.base_url ? { base_url: c.base_url } : {}),
  };
}
