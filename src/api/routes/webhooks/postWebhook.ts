import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createWebhook } from '../../../webhooks/service.ts';
import { createTriggersSchema, webhookHeadersSchema, webhookModelSchema, webhookSchema, webhookSecretSchema, webhookUrlSchema } from '../../../webhooks/schema.ts';
import type { AppDeps } from '../../deps.ts';
import { accountOf } from '../../plugins/auth.ts';

export const createWebhookBody = z
  .object({
    url: webhookUrlSchema,
    headers: webhookHeadersSchema.optional(),
    triggers: createTriggersSchema,
    active: z.boolean().optional().describe('Whether deliveries are sent (default false, as Propexo)'),
    secret: webhookSecretSchema.optional(),
    model: webhookModelSchema.optional(),
  })
  .strict();

export function postWebhook(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post('/v1/webhooks/', {
    schema: {
      tags: ['Webhooks'],
      summary: 'Create a webhook',
      description:
        'Subscribes a URL to events. Each delivery is a POST of `{"trigger", "data"}` signed with the secret ' +
        '(`propexo-signature`: hex HMAC-SHA256 of the raw body). A webhook receives only events that happen after it ' +
        'is created (or re-activated), never the backlog. `active` defaults to false: send `"active": true` to start deliveries.',
      body: createWebhookBody,
      response: { 200: z.object({ result: webhookSchema }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => ({ result: await createWebhook(deps, accountOf(request), request.body) }),
  });
}
