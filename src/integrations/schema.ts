import { z } from 'zod';
import { integrationVendors } from '../domain/common.ts';
import { supportedVendors } from '../connectors/registry.ts';

/**
 * Zod schemas of the /v1/admin/integrations endpoints, in Propexo's shapes. The request bodies are
 * shared by the API and the CLI; the integration object is the superset of the fields Propexo's
 * create, get, list and update responses require, so one serializer serves all four.
 */

export const cadences = ['MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'SECOND'] as const;
export const cadenceSchema = z.enum(cadences);
export type Cadence = z.infer<typeof cadenceSchema>;

const vendorList = () => supportedVendors().join(', ');

/** Only vendors with a connector: the message names them, since Propexo lists several more. */
export const supportedVendorSchema = z
  .string()
  .refine((v) => (supportedVendors() as string[]).includes(v), {
    error: (issue) =>
      `"${String(issue.input)}" has no Leasewire connector; integration_vendor must be one of: ${vendorList()}`,
  })
  .describe(`The PMS to connect. Leasewire has connectors for: ${vendorList()}`)
  .meta({ enum: supportedVendors() });

const daySlots = z.object({
  slots: z.array(
    z.object({
      start: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)'),
      end: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)'),
      sync_frequency: z.number().int().positive(),
      sync_cadence: cadenceSchema,
    }),
  ),
});
const weekdays = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
export const customSyncScheduleSchema = z.object({
  type: z.enum(['WEEK_BASED']),
  timezone: z.enum(['UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu']),
  interval: z.object(Object.fromEntries(weekdays.map((d) => [d, daySlots.optional()])) as Record<(typeof weekdays)[number], z.ZodOptional<typeof daySlots>>),
});

const credentialsDescription =
  'PMS credentials, checked against the connector of integration_vendor and then with the PMS itself (one cheap ' +
  'call): a refusal is a 400 naming the refused field; an unreachable PMS is reported in credentials_check and does ' +
  'not block saving. ENTRATA: {"subdomain","apiKey"}, {"companyId","apiKey"} (Propexo\'s shape: companyId is the ' +
  'Entrata subdomain) or {"subdomain","username","password"}; BUILDIUM: {"clientId","secret"}; each plus an optional ' +
  '"base_url" (e.g. http://127.0.0.1:4010 for the bundled Entrata sandbox, http://127.0.0.1:4020 for the Buildium ' +
  'one). Stored encrypted (AES-256-GCM) and never returned: responses carry `credentials_summary` instead.';

/** Fields PUT may change; POST takes the same ones plus the required three. */
const settingsFields = {
  system: z.enum(['PRODUCTION', 'SANDBOX']).optional().describe('Deprecated by Propexo: accepted and ignored'),
  sync_frequency: z.number().int().min(1).optional().describe('Sync every <sync_frequency> <sync_cadence>s (e.g. 12 for every 12 hours)'),
  sync_cadence: cadenceSchema.optional().describe('Unit of sync_frequency'),
  max_request_cadence: cadenceSchema.optional().describe('Unit of max_request_frequency (default SECOND)'),
  max_request_frequency: z.number().int().min(1).optional().describe('Requests to the PMS allowed per max_request_cadence (default 1)'),
  max_job_concurrency: z.number().int().min(1).max(100).optional().describe('Jobs that may run at once for this integration (default 1)'),
  active: z.boolean().optional().describe('Whether scheduled syncs run (default false on create)'),
  base_url: z.url().nullable().optional().describe('Deprecated: use credentials.base_url. When given, it is copied into credentials.base_url'),
  new_properties_are_enabled: z.boolean().optional().describe('Whether new properties are synced without approval (default true)'),
  allow_manual_syncs: z.boolean().optional().describe('Deprecated by Propexo: manual syncs are always allowed'),
  custom_sync_schedule: customSyncScheduleSchema.optional().describe('A weekly sync schedule, used when use_custom_sync_schedule is true'),
  use_custom_sync_schedule: z.boolean().optional().describe('Opt in to custom_sync_schedule (default false)'),
};

export const createIntegrationBody = z
  .object({
    integration_vendor: supportedVendorSchema,
    name: z.string().trim().min(1).max(200).describe('A name for the integration'),
    credentials: z.record(z.string(), z.unknown()).describe(credentialsDescription),
    based_on_integration_id: z
      .string()
      .min(1)
      .optional()
      .describe('Copy sync and rate-limit settings from this integration of the same account (fields given here win)'),
    ...settingsFields,
  })
  .strict();
export type CreateIntegrationInput = z.infer<typeof createIntegrationBody>;

export const updateIntegrationBody = z
  .object({
    integration_vendor: z.string().optional().describe('Must match the integration: the vendor of an integration cannot change'),
    name: z.string().trim().min(1).max(200).optional().describe('A new name'),
    credentials: z.record(z.string(), z.unknown()).optional().describe(`Replaces the stored credentials. ${credentialsDescription}`),
    ...settingsFields,
  })
  .strict();
export type UpdateIntegrationInput = z.infer<typeof updateIntegrationBody>;

export const credentialsCheckSchema = z
  .object({
    status: z
      .enum(['ok', 'refused', 'unreachable', 'unchecked'])
      .describe('ok: the PMS took the credentials; refused: it turned them down (a sync was refused: update them); unreachable: the PMS could not be asked when they were saved; unchecked: never asked'),
    call: z.string().nullable().describe('What asked: the PMS call made when the credentials were saved, or "sync"'),
    message: z.string().nullable().describe('What went wrong and how to fix it (null when ok)'),
    checked_at: z.string().nullable(),
  })
  .describe('Leasewire extension: what the PMS last said of the credentials');

export const integrationSchema = z.object({
  id: z.string().describe('Leasewire id of the integration'),
  created_at: z.string(),
  updated_at: z.string(),
  name: z.string(),
  vendor: z.enum(integrationVendors).describe('The PMS'),
  integration_vendor: z.enum(integrationVendors).describe('The PMS (the field name of Propexo\'s update response)'),
  customer_id: z.string().describe('The account that owns the integration'),
  active: z.boolean(),
  system: z.enum(['PRODUCTION', 'SANDBOX']),
  sync_frequency: z.number().int(),
  sync_cadence: cadenceSchema,
  max_job_concurrency: z.number().int(),
  max_request_frequency: z.number().int(),
  max_request_cadence: cadenceSchema,
  base_url: z.string().nullable().describe('credentials.base_url, or null for the vendor\'s own host'),
  is_archived: z.boolean(),
  last_completed_sync: z.string().nullable(),
  last_completed_back_sync: z.string().nullable(),
  new_properties_are_enabled: z.boolean(),
  allow_manual_syncs: z.boolean(),
  use_custom_sync_schedule: z.boolean(),
  custom_sync_schedule: customSyncScheduleSchema.optional(),
  ping_results: z
    .record(z.string(), z.string())
    .describe('The last call that checked the credentials and the PMS\'s answer, e.g. {"status/getStatus": "ok"} or {"sync": "refused: …"}'),
  integration_interfaces: z.array(z.object({ interface_name: z.string(), enabled: z.boolean(), version: z.string().nullable() })),
  models: z
    .record(z.string(), z.object({ enabled: z.boolean(), from_interfaces: z.array(z.string()) }))
    .describe('The normalized models Leasewire syncs for this integration'),
  can_authenticate: z
    .boolean()
    .describe('Whether the PMS took these credentials the last time it was asked: when they were saved, or by the last sync that succeeded or was refused'),
  last_data_access_check: z.string().nullable().describe('When the PMS was last asked about these credentials (see credentials_check)'),
  configuration_meta_data: z.array(z.object({}).passthrough()),
  is_running_sync: z.boolean(),
  is_running_data_access_check: z.boolean(),
  credentials_summary: z
    .record(z.string(), z.string())
    .describe('Leasewire extension: what the stored credentials are, without any secret (e.g. {"subdomain":"acme","auth":"apiKey"})'),
  credentials_check: credentialsCheckSchema,
});
export type IntegrationView = z.infer<typeof integrationSchema>;
