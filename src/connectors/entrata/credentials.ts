import { z } from 'zod';

const subdomain = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'must be the Entrata subdomain, e.g. "acme" for acme.entrata.com')
  .describe('The company subdomain in Entrata (acme for acme.entrata.com)');

/**
 * Entrata accepts an API key on its gateway (apis.entrata.com/ext/orgs/{subdomain}) or a
 * username/password with HTTP Basic on {subdomain}.entrata.com. `base_url` points both at another
 * host, such as the bundled Entrata sandbox.
 */
export const entrataCredentialsSchema = z.union([
  z
    .object({
      subdomain,
      apiKey: z.string().min(1).describe('API key from Entrata (Apps → API Access)'),
      base_url: z.url().optional().describe('Override of the API host, e.g. http://127.0.0.1:4010 for the sandbox'),
    })
    .strict(),
  z
    .object({
      subdomain,
      username: z.string().min(1).describe('Entrata API username (HTTP Basic)'),
      password: z.string().min(1).describe('Entrata API password (HTTP Basic)'),
      base_url: z.url().optional().describe('Override of the API host, e.g. http://127.0.0.1:4010 for the sandbox'),
    })
    .strict(),
]);
export type EntrataCredentials = z.infer<typeof entrataCredentialsSchema>;

export function describeEntrataCredentials(c: EntrataCredentials): Record<string, string> {
  return {
    subdomain: c.subdomain,
    auth: 'apiKey' in c ? 'apiKey' : 'basic',
    ...(c.base_url ? { base_url: c.base_url } : {}),
  };
}
