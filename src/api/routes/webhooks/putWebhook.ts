import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { updateWebhook } from '../../../webhooks/service.ts';
import { updateTriggersSchema, webhookHeadersSchema, webhookModelSchema, webhookSchema, webhookSecretSchema, webhookUrlSchema } from '../../../webhooks/schema.ts';
import type { AppDeps } from '../../deps.ts';
import { accountOf } from '../../plugins/auth.ts';
import { webhookParams } from './getWebhook.ts';

export const updateWebhookBody = z
  .object({
    url: webhookUrlSchema.optional(),
    headers: webhookHeadersSchema.optional().describe('Replaces the headers sent with each delivery'),
    active: z.boolean().optional().describe('Turn deliveries on or off; turned on again, the webhook receives events from then on'),
    secret: webhookSecretSchema.optional().describe('A new signing secret (rotation): every later attempt, retries included, is signed with it'),
    triggers: updateTriggersSchema.optional().describe('Replaces the triggers. JOB_SUCCESS is accepted, as Propexo, but Leasewire never sends it'),
    model: webhookModelSchema.nullable().optional().describe('The model DATA_NEW/DATA_UPDATE watch; null watches every model'),
  })
  .strict();

export function putWebhook(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().put('/v1/webhooks/:webhook_id', {
    schema: {
      tags: ['Webhooks'],
      summary: 'Update a webhook',
      description: 'Changes only the fields given.',
      params: webhookParams,
      body: updateWebhookBody,
      response: { 200: z.object({ result: webhookSchema }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => ({ result: await updateWebhook(deps, accountOf(request), request.params.webhook_id, request.body) }),
  });
}
