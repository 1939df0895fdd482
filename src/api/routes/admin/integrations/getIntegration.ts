import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getIntegrationView } from '../../../../integrations/service.ts';
import { integrationSchema } from '../../../../integrations/schema.ts';
import type { AppDeps } from '../../../deps.ts';
import { sortable } from '../../../../integrations/service.ts';
import { oneResponseSchema, orderByOf, paginationQuery } from '../../../listing.ts';
import { accountOf } from '../../../plugins/auth.ts';

export const integrationParams = z.object({ integration_id: z.string().min(1).describe('Leasewire id of the integration') });

export function getIntegration(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/integrations/:integration_id', {
    schema: {
      tags: ['Integrations'],
      summary: 'Get an integration by id',
      params: integrationParams,
      // Propexo accepts (and ignores) the paging parameters here.
      querystring: z.object({ ...paginationQuery, 'order-by': orderByOf(sortable) }).strict(),
      response: { 200: oneResponseSchema(integrationSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const result = await getIntegrationView(deps, accountOf(request), request.params.integration_id);
      const { offset, limit } = request.query;
      return { meta: { offset, limit, orderBy: [], hasMore: false, total: 1 }, results: result };
    },
  });
}
