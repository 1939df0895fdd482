import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getWriteJob, retryWriteJob } from '../../../../writes/writeJobs.ts';
import type { AppDeps } from '../../../deps.ts';
import { ApiError, notFound } from '../../../errors.ts';
import { accountOf } from '../../../plugins/auth.ts';

export function postRetryWrite(app: FastifyInstance, { store, queue }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post('/v1/admin/retry-write/:job_id', {
    // 409: the write is not FAILURE; 503: no job queue.
    config: { errors: [409, 503] },
    schema: {
      tags: ['Admin'],
      summary: 'Retry a failed write',
      params: z.object({ job_id: z.string().min(1).describe('The job_id of the failed write') }),
      body: z.object({}).optional(),
      response: { 200: z.object({ success: z.boolean(), job_id: z.string() }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const old = await getWriteJob(store.db, accountOf(request), request.params.job_id);
      if (!old) throw notFound('write job', request.params.job_id);
      if (old.status !== 'FAILURE') {
        throw new ApiError(409, 'not_retryable', `Write ${old.id} is ${old.status}; only FAILURE writes can be retried. Poll GET /v1/admin/write-status/${old.id}.`);
      }
      if (!queue) throw new ApiError(503, 'unavailable', 'This server runs without a job queue, so it cannot take writes.');
      const job = await retryWriteJob(store.db, queue, old);
      return { success: true, job_id: job.id };
    },
  });
}
