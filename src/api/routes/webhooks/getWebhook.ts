import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getWebhook as findWebhook } from '../../../webhooks/service.ts';
import { webhookSchema } from '../../../webhooks/schema.ts';
import type { AppDeps } from '../../deps.ts';
import { webhookOrderFields } from '../../../webhooks/service.ts';
import { oneResponseSchema, orderByOf, paginationQuery } from '../../listing.ts';
import { accountOf } from '../../plugins/auth.ts';

export const webhookParams = z.object({ webhook_id: z.string().min(1).max(200).describe('The ID of the webhook') });

export function getWebhook(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/webhooks/:webhook_id', {
    schema: {
      tags: ['Webhooks'],
      summary: 'Get a webhook by ID',
      description: 'The webhook, its secret included. Its deliveries are at /v1/webhooks/{webhook_id}/deliveries.',
      params: webhookParams,
      // Propexo accepts (and ignores) the paging parameters here.
      querystring: z.object({ ...paginationQuery, 'order-by': orderByOf(webhookOrderFields) }).strict(),
      response: { 200: oneResponseSchema(webhookSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const result = await findWebhook(deps, accountOf(request), request.params.webhook_id);
      const { offset, limit } = request.query;
      return { meta: { offset, limit, orderBy: [], hasMore: false, total: 1 }, results: result };
    },
  });
}
