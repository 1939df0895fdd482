import { z } from 'zod';

/**
 * Propexo's shape for Buildium: the API key's client id and secret (Buildium: Settings → Developer
 * tools → API keys), sent as the x-buildium-client-id / x-buildium-client-secret headers.
 * `base_url` points the connector at another host, such as Buildium's own sandbox
 * (https://apisandbox.buildium.com) or the bundled one.
 */
export const buildiumCredentialsSchema = z
  .object({
    clientId: z.string().min(1).describe('Client ID of the Buildium API key'),
    secret: z.string().min(1).describe('Secret of the Buildium API key'),
    base_url: z.url().optional().describe('Override of the API host (default https://api.buildium.com), e.g. http://127.0.0.1:4020 for the bundled sandbox'),
  })
  .strict();
export type BuildiumCredentials = z.infer<typeof buildiumCredentialsSchema>;

export function describeBuildiumCredentials(c: BuildiumCredentials): Record<string, string> {
  return { clientId: c.clientId, auth: 'apiKey', ...(c.base_url ? { base_url: c.base_url } : {}) };
}
