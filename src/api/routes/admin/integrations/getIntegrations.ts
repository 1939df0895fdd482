import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { integrationVendorSchema } from '../../../../domain/common.ts';
import { listIntegrationViews, sortable } from '../../../../integrations/service.ts';
import { integrationSchema } from '../../../../integrations/schema.ts';
import type { AppDeps } from '../../../deps.ts';
import { listResponseSchema, orderByOf, paginationQuery } from '../../../listing.ts';
import { accountOf } from '../../../plugins/auth.ts';

export const getIntegrationsQuery = z
  .object({
    ...paginationQuery,
    'order-by': orderByOf(sortable),
    integration_vendor: integrationVendorSchema.optional(),
    is_archived: z.enum(['true', 'false']).optional().describe('Whether or not to include archived integrations (default false)'),
  })
  .strict();

export function getIntegrations(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/integrations/', {
    schema: {
      tags: ['Integrations'],
      summary: 'Get all integrations',
      description: "The API key's account's integrations, newest first by default. Credentials are never returned.",
      querystring: getIntegrationsQuery,
      response: { 200: listResponseSchema(integrationSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const { is_archived, ...rest } = request.query;
      return listIntegrationViews(deps, accountOf(request), { ...rest, include_archived: is_archived === 'true' });
    },
  });
}
