import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getWriteJob } from '../../../../writes/writeJobs.ts';
import { writeDetail, writeDetailSchema } from '../../../../writes/writeView.ts';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../errors.ts';
import { accountOf } from '../../../plugins/auth.ts';

/** One write with its request, each attempt (outcome and timing), the PMS's answer and the writes that retried it. */
export function getWrite(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/writes/:job_id', {
    schema: {
      tags: ['Admin'],
      summary: 'Get a write with each attempt (Leasewire only)',
      description: 'The write job: the request the worker executes, every attempt with its outcome, reason and timing, the errors, the created record, and the writes that retried it.',
      params: z.object({ job_id: z.string().min(1).max(200).describe('The job_id a write returned') }),
      response: { 200: z.object({ result: writeDetailSchema }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const account = accountOf(request);
      const job = await getWriteJob(store.readDb, account, request.params.job_id);
      if (!job) throw notFound('write job', request.params.job_id);
      const retries = await store.readDb
        .selectFrom('write_jobs')
        .select('id')
        .where('account_id', '=', account)
        .where('retry_of', '=', job.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return { result: writeDetail(job, retries.map((r) => r.id)) };
    },
  });
}
