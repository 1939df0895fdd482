import type { z } from 'zod';
import type { IntegrationVendor } from '../domain/common.ts';

/**
 * What every PMS connector provides. The core (API, sync engine, write worker) talks to PMSs only
 * through this interface and never names a vendor; a new PMS is a new folder plus one line in
 * registry.ts.
 *
 * The sync and write halves are added by the connector/sync and event-write work; this part covers
 * what an integration needs to be created: how its credentials look.
 */
export interface Connector<Credentials = unknown> {
  vendor: IntegrationVendor;
  /** Human name, e.g. "Entrata". */
  displayName: string;
  /** Validates the `credentials` object of POST/PUT /v1/admin/integrations (Zod, so errors name the field). */
  credentialsSchema: z.ZodType<Credentials>;
  /** A summary safe to show in API responses and logs (never a secret), e.g. { subdomain, auth: "apiKey" }. */
  describeCredentials(credentials: Credentials): Record<string, string>;
}
