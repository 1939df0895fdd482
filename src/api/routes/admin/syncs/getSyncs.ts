import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countRuns, listRuns } from '../../../../sync/runs.ts';
import type { AppDeps } from '../../../deps.ts';
import { paginationQuery, responseMetaSchema } from '../../../listing.ts';
import { accountOf } from '../../../plugins/auth.ts';
import { integrationParams, ownIntegration, serializeRun, syncRunSchema } from './shared.ts';

export function getSyncs(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/integrations/:integration_id/syncs', {
    schema: {
      tags: ['Admin'],
      summary: 'List the sync runs of an integration, newest first',
      params: integrationParams,
      querystring: z.object({ offset: paginationQuery.offset, limit: paginationQuery.limit.unwrap().default(50) }).strict(),
      response: { 200: z.object({ meta: responseMetaSchema, results: z.array(syncRunSchema) }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const integration = await ownIntegration(deps.store, accountOf(request), request.params.integration_id);
      const { offset, limit } = request.query;
      const [runs, total] = await Promise.all([listRuns(deps.store.db, integration.id, limit, offset), countRuns(deps.store.db, integration.id)]);
      const orderBy = [{ field: 'created_at', direction: 'desc' as const }];
      return { meta: { offset, limit, orderBy, hasMore: offset + runs.length < total, total }, results: runs.map(serializeRun) };
    },
  });
}
