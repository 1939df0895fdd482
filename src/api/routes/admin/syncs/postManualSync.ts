import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { syncableModels } from '../../../../sync/engine.ts';
import { SyncBusyError, type SyncKind } from '../../../../sync/runs.ts';
import { enqueueSync } from '../../../../sync/worker.ts';
import type { AppDeps } from '../../../deps.ts';
import { ApiError, invalidRequest } from '../../../errors.ts';
import { accountOf } from '../../../plugins/auth.ts';
import { integrationParams, ownIntegration, syncBody } from './shared.ts';

const response = z.object({ result: z.object({ success: z.boolean(), sync_id: z.string() }) });

/** Registers POST …/manual-sync and …/back-sync: queue a run and the job that executes it. */
export function postSyncRoute(app: FastifyInstance, deps: AppDeps, path: 'manual-sync' | 'back-sync', kind: SyncKind): void {
  app.withTypeProvider<ZodTypeProvider>().post(`/v1/admin/integrations/:integration_id/${path}`, {
    // 409: a run is already queued or running; 503: no job queue.
    config: { errors: [409, 503] },
    schema: {
      tags: ['Admin'],
      summary: kind === 'back_sync' ? 'Start a back-sync (full history)' : 'Start a manual sync',
      params: integrationParams,
      body: syncBody,
      response: { 200: response },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const integration = await ownIntegration(deps.store, accountOf(request), request.params.integration_id);
      const wanted = request.body?.models_to_sync;
      const models = syncableModels(integration.vendor) ?? [];
      const unknown = (wanted ?? []).flatMap((m, i) => ((models as readonly string[]).includes(m) ? [] : [i]));
      if (unknown.length > 0) {
        const list = models.join(', ');
        throw invalidRequest(
          `Invalid body: models_to_sync: ${unknown.map((i) => `"${wanted?.[i]}"`).join(', ')} cannot be synced for this integration; use some of: ${list}.`,
          unknown.map((i) => ({ code: 'invalid_value', path: ['models_to_sync', i], message: `"${wanted?.[i]}" is not a model this integration syncs (${list})` })),
        );
      }
      if (!deps.queue) throw new ApiError(503, 'unavailable', 'This server runs without a job queue, so it cannot run syncs. Start it with `leasewire start` or `leasewire serve --with-worker`.');
      try {
        const run = await enqueueSync(deps, deps.queue, integration.id, { kind, ...(wanted ? { models: wanted } : {}) });
        return { result: { success: true, sync_id: run.id } };
      } catch (e) {
        if (e instanceof SyncBusyError) throw new ApiError(409, 'conflict', `${e.message}.`, { sync_id: e.runId });
        throw e;
      }
    },
  });
}

export function postManualSync(app: FastifyInstance, deps: AppDeps): void {
  postSyncRoute(app, deps, 'manual-sync', 'manual');
}
