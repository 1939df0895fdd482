import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { redeliver } from '../../../webhooks/manual.ts';
import { webhookDeliverySchema } from '../../../webhooks/schema.ts';
import type { AppDeps } from '../../deps.ts';
import { accountOf } from '../../plugins/auth.ts';
import { webhookParams } from './getWebhook.ts';

export function postWebhookRedelivery(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post('/v1/webhooks/:webhook_id/deliveries/:delivery_id/redeliver', {
    // 409: the delivery is still PENDING, or the webhook is inactive.
    config: { errors: [409] },
    schema: {
      tags: ['Webhooks'],
      summary: 'Send a delivery again (Leasewire only)',
      description:
        'Makes a finished delivery (SUCCESS or FAILURE) PENDING and due now, with a fresh budget of attempts; its attempt_log keeps the earlier attempts. ' +
        'The same event is sent, signed with the current secret. 409 for a PENDING delivery or an inactive webhook.',
      params: webhookParams.extend({ delivery_id: z.string().min(1).max(200).describe('The id of the delivery (whd_…)') }),
      body: z.object({}).strict().nullish().describe("No fields; an empty body or {}"),
      response: { 200: z.object({ result: webhookDeliverySchema }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => ({ result: await redeliver(deps, accountOf(request), request.params.webhook_id, request.params.delivery_id) }),
  });
}
