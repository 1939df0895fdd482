import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getRun } from '../../../../sync/runs.ts';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../errors.ts';
import { accountOf } from '../../../plugins/auth.ts';
import { integrationParams, ownIntegration, serializeRun, syncRunSchema } from './shared.ts';

export function getSync(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/integrations/:integration_id/syncs/:sync_id', {
    schema: {
      tags: ['Admin'],
      summary: 'Get one sync run: state, per-model counts, progress, timings, error',
      params: integrationParams.extend({ sync_id: z.string().min(1) }),
      response: { 200: z.object({ result: syncRunSchema }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const integration = await ownIntegration(deps.store, accountOf(request), request.params.integration_id);
      const run = await getRun(deps.store.db, request.params.sync_id);
      if (!run || run.integration_id !== integration.id) throw notFound('sync', request.params.sync_id);
      return { result: serializeRun(run) };
    },
  });
}
