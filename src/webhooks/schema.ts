import { z } from 'zod';
import { privateHostProblem } from '../lib/outboundPolicy.ts';
import { modelNames } from '../store/models.ts';

/**
 * Zod pieces of the /v1/webhooks endpoints, in Propexo's shapes (propexo-openapi.yml
 * `_v1_webhooks_*`). The request bodies are assembled in the route files from these fields.
 */

/** What the outbox produces and a webhook can subscribe to (POST's enum). */
export const webhookTriggers = ['DATA_UPDATE', 'DATA_NEW', 'JOB_FAILURE', 'SYNC_COMPLETE', 'FIRST_SYNC_COMPLETE', 'WRITE_OPERATION_FAILURE'] as const;
/** PUT's enum adds JOB_SUCCESS, which Leasewire accepts but never sends. */
export const updatableTriggers = [...webhookTriggers, 'JOB_SUCCESS'] as const;
export type WebhookTrigger = (typeof updatableTriggers)[number];

/** Triggers a `model` narrows (Propexo: "Only applies to DATA_UPDATE and DATA_NEW triggers"). */
export const modelTriggers: readonly string[] = ['DATA_NEW', 'DATA_UPDATE'];

const triggerList = (values: readonly string[]) =>
  z
    .array(z.enum(values as [string, ...string[]], { error: (i) => `"${String(i.input)}" is not a trigger; use one of: ${values.join(', ')}` }), {
      error: (i) => (i.input === undefined ? `is required: a list of one or more of ${values.join(', ')}` : `must be a list of trigger names, e.g. ["DATA_NEW"]`),
    })
    .min(1, 'give at least one trigger, e.g. ["DATA_NEW"]')
    .max(20)
    .describe('The events that will trigger the webhook');
export const createTriggersSchema = triggerList(webhookTriggers);
export const updateTriggersSchema = triggerList(updatableTriggers);

/** Only models Leasewire syncs ever produce DATA_NEW/DATA_UPDATE: any other would never fire. */
export const webhookModelSchema = z
  .enum(modelNames, { error: (i) => `"${String(i.input)}" is not a model Leasewire syncs; use one of: ${modelNames.join(', ')}` })
  .describe('The model DATA_NEW and DATA_UPDATE triggers watch (all models when left out). Ignored by the other triggers');

/** Why a webhook URL is refused, or null when it is usable (this process's outbound policy included). */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://example.com/webhooks/leasewire';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must use http or https, not ${url.protocol.replace(/:$/, '')}`;
  if (!url.hostname) return 'must name a host, e.g. https://example.com/webhooks/leasewire';
  // Under LEASEWIRE_PRIVATE_NETWORKS=deny; a host name is judged when it is called, on its address.
  return privateHostProblem(url.hostname);
}

export const webhookUrlSchema = z
  .string({ error: (i) => (i.input === undefined ? 'is required: the http(s) URL deliveries go to, e.g. https://example.com/webhooks/leasewire' : 'must be a string URL') })
  .max(2048, 'must be at most 2048 characters')
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?://[^/?#]+' })
  .describe('The http(s) URL deliveries are POSTed to');

/** Headers Leasewire sets itself on every delivery: a webhook's own headers cannot replace them. */
export const reservedHeaders = ['content-type', 'content-length', 'host', 'connection', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer', 'user-agent', 'propexo-signature'];
const reservedPrefix = 'leasewire-';
const headerToken = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** The reserved names as a case-insensitive JSON Schema pattern (ECMA regexes there take no flags). */
const anyCase = (text: string) => [...text].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
const reservedHeaderPattern = `^(${reservedHeaders.map(anyCase).join('|')})$|^${anyCase(reservedPrefix)}`;

export const webhookHeadersSchema = z
  .array(
    z
      .object({
        header: z
          .string()
          .min(1)
          .max(256)
          .regex(headerToken, 'must be an HTTP header name: letters, digits and !#$%&\'*+.^_`|~- only')
          .meta({ not: { pattern: reservedHeaderPattern }, description: `Not one Leasewire sets itself (${reservedHeaders.join(', ')}, ${reservedPrefix}*), in any case; each name once` }),
        // A CR or LF would end the header early (header injection); node:http refuses them anyway.
        value: z.string().max(8192).regex(/^[^\r\n\0]*$/, 'must not contain line breaks or NUL characters'),
      })
      .strict(),
  )
  .max(50, 'at most 50 headers')
  .superRefine((headers, ctx) => {
    const seen = new Set<string>();
    headers.forEach((h, i) => {
      const name = h.header.toLowerCase();
      if (reservedHeaders.includes(name) || name.startsWith(reservedPrefix)) {
        ctx.addIssue({ code: 'custom', path: [i, 'header'], message: `"${h.header}" is set by Leasewire on every delivery and cannot be replaced; reserved: ${reservedHeaders.join(', ')}, ${reservedPrefix}*` });
      } else if (seen.has(name)) {
        ctx.addIssue({ code: 'custom', path: [i, 'header'], message: `"${h.header}" is given twice; send each header once` });
      }
      seen.add(name);
    });
  })
  .describe('Extra headers sent with each delivery (e.g. an Authorization your receiver checks)');
export type WebhookHeader = { header: string; value: string };

export const webhookSecretSchema = z
  .string()
  .min(10, 'must be at least 10 characters; leave it out to have one generated')
  .max(256, 'must be at most 256 characters')
  .describe('The key of the HMAC-SHA256 signature in the propexo-signature header. Generated when left out');

export const webhookTriggerSchema = z.object({
  id: z.string().describe('The ID of the trigger'),
  trigger: z.string().describe('The name of the trigger'),
  model: z.string().nullable().describe('The model that triggers the webhook (DATA_NEW and DATA_UPDATE only; null: every model)'),
});
export type WebhookTriggerView = z.infer<typeof webhookTriggerSchema>;

/** The webhook object: the superset of what Propexo's create, get, list and update responses require. */
export const webhookSchema = z
  .object({
    id: z.string().describe('The unique identifier for the webhook'),
    created_at: z.string().describe('The date the webhook was created'),
    updated_at: z.string().describe('The date the webhook was last updated'),
    url: z.string().describe('The url to send the webhook to'),
    headers: z.array(z.object({ header: z.string(), value: z.string() })).describe('Headers sent with each delivery'),
    active: z.boolean().describe('Whether deliveries are sent'),
    secret: z.string().describe('The secret used to sign the webhook'),
    system: z.enum(['PRODUCTION', 'SANDBOX']).describe('The environment in which the webhook runs'),
    triggers: z.array(webhookTriggerSchema),
  })
  .meta({ id: 'Webhook' });
export type WebhookView = z.infer<typeof webhookSchema>;

export const deliveryStatuses = ['PENDING', 'SUCCESS', 'FAILURE'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const deliveryAttemptSchema = z.object({
  at: z.string().describe('When the attempt started'),
  status_code: z.number().int().nullable().describe("The receiver's HTTP status, or null when there was no answer"),
  error: z.string().nullable().describe('Why the attempt failed, or null when it succeeded'),
  duration_ms: z.number().int().describe('How long the attempt took'),
});
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

export const webhookDeliverySchema = z
  .object({
    id: z.string().describe('The delivery: one event to one webhook (sent as the leasewire-delivery-id header)'),
    webhook_id: z.string(),
    event_id: z.string().describe('The event (sent as the leasewire-event-id header; the same for every webhook it goes to)'),
    trigger: z.string().describe('DATA_NEW, DATA_UPDATE, SYNC_COMPLETE, …'),
    status: z.enum(deliveryStatuses).describe('PENDING (not sent yet, or waiting for a retry), SUCCESS (a 2xx answer) or FAILURE (given up)'),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable().describe('When the next attempt is due (PENDING only)'),
    delivered_at: z.string().nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    attempt_log: z.array(deliveryAttemptSchema).describe('Every attempt, oldest first'),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;
