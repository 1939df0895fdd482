import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listRuns } from '../../../../sync/runs.ts';
import type { AppDeps } from '../../../deps.ts';
import { accountOf } from '../../../plugins/auth.ts';
import { integrationParams, ownIntegration, serializeRun, syncRunSchema } from './shared.ts';

export function getSyncs(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/integrations/:integration_id/syncs', {
    schema: {
      tags: ['Admin'],
      summary: 'List the sync runs of an integration, newest first',
      params: integrationParams,
      querystring: z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(250).default(50) }).strict(),
      response: { 200: z.object({ results: z.array(syncRunSchema) }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const integration = await ownIntegration(deps.store, accountOf(request), request.params.integration_id);
      const runs = await listRuns(deps.store.db, integration.id, request.query.limit, request.query.offset);
      return { results: runs.map(serializeRun) };
    },
  });
}
