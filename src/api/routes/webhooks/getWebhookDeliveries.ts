import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listDeliveries } from '../../../webhooks/service.ts';
import { deliveryStatuses, webhookDeliverySchema } from '../../../webhooks/schema.ts';
import type { AppDeps } from '../../deps.ts';
import { listResponseSchema, paginationQuery } from '../../listing.ts';
import { accountOf } from '../../plugins/auth.ts';
import { webhookParams } from './getWebhook.ts';

const { offset, limit } = paginationQuery;
export const getWebhookDeliveriesQuery = z
  .object({
    offset,
    limit,
    status: z.enum(deliveryStatuses, { error: () => `must be one of: ${deliveryStatuses.join(', ')}` }).optional().describe('Only deliveries in this state, e.g. FAILURE'),
  })
  .strict();

export function getWebhookDeliveries(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/webhooks/:webhook_id/deliveries', {
    schema: {
      tags: ['Webhooks'],
      summary: "Get a webhook's deliveries",
      description:
        'Leasewire only (Propexo documents no such endpoint). One delivery per event sent to this webhook, newest event first, ' +
        'with its state, attempts and the last error: PENDING (due, or waiting for a retry), SUCCESS (a 2xx answer) or ' +
        'FAILURE (given up: a 3xx/4xx answer other than 408/429, or the attempts ran out). Kept 30 days.',
      params: webhookParams,
      querystring: getWebhookDeliveriesQuery,
      response: { 200: listResponseSchema(webhookDeliverySchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const { offset: o, limit: l, status } = request.query;
      const { rows, total } = await listDeliveries(deps, accountOf(request), request.params.webhook_id, { status, offset: o, limit: l });
      return { meta: { offset: o, limit: l, orderBy: [{ field: 'created_at', direction: 'desc' as const }], hasMore: o + rows.length < total, total }, results: rows };
    },
  });
}
