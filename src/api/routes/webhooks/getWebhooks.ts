import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listWebhooks, parseWebhookOrder, webhookOrderFields } from '../../../webhooks/service.ts';
import { webhookSchema } from '../../../webhooks/schema.ts';
import type { AppDeps } from '../../deps.ts';
import { listResponseSchema, orderByOf, paginationQuery } from '../../listing.ts';
import { accountOf } from '../../plugins/auth.ts';

export const getWebhooksQuery = z
  .object({
    ...paginationQuery,
    'order-by': orderByOf(webhookOrderFields),
    active: z
      .enum(['true', 'false', 'all'], { error: () => 'must be true, false or all' })
      .default('true')
      .describe('Filter by active status (default true, as Propexo: inactive webhooks are listed with active=false; all lists both)'),
  })
  .strict();

export function getWebhooks(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/webhooks/', {
    schema: {
      tags: ['Webhooks'],
      summary: 'Get all webhooks',
      description: "The API key's account's webhooks, newest first by default; only active ones unless active=false or active=all.",
      querystring: getWebhooksQuery,
      response: { 200: listResponseSchema(webhookSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const { offset, limit, active } = request.query;
      const orderBy = parseWebhookOrder(request.query['order-by']);
      const { rows, total } = await listWebhooks(deps, accountOf(request), { active: active === 'all' ? null : active === 'true', orderBy, offset, limit });
      return { meta: { offset, limit, orderBy, hasMore: offset + rows.length < total, total }, results: rows };
    },
  });
}
