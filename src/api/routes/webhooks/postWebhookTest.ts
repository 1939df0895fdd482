import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendTestEvent } from '../../../webhooks/manual.ts';
import { webhookDeliverySchema } from '../../../webhooks/schema.ts';
import type { AppDeps } from '../../deps.ts';
import { accountOf } from '../../plugins/auth.ts';
import { webhookParams } from './getWebhook.ts';

export function postWebhookTest(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post('/v1/webhooks/:webhook_id/test', {
    // 409: the webhook is inactive.
    config: { errors: [409] },
    schema: {
      tags: ['Webhooks'],
      summary: 'Send a test event to a webhook (Leasewire only)',
      description:
        'Queues one delivery of a `TEST` event (`{"trigger":"TEST","data":{"event":"TEST","webhook_id",…}}`, signed like every delivery) to this webhook only. ' +
        'It is sent within about a second; follow it in GET /v1/webhooks/{webhook_id}/deliveries. The webhook must be active (409 otherwise).',
      params: webhookParams,
      body: z.object({}).strict().nullish().describe("No fields; an empty body or {}"),
      response: { 200: z.object({ result: webhookDeliverySchema }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => ({ result: await sendTestEvent(deps, accountOf(request), request.params.webhook_id) }),
  });
}
