import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getWriteJob } from '../../../../writes/writeJobs.ts';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../errors.ts';
import { accountOf } from '../../../plugins/auth.ts';

export const writeStatusSchema = z.object({
  write_status: z.enum(['PENDING', 'SUCCESS', 'PARTIAL_SUCCESS', 'FAILURE']),
  errors: z.array(z.string()),
  created_record_id: z.string().nullable(),
});

export function getWriteStatus(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/write-status/:job_id', {
    schema: {
      tags: ['Admin'],
      summary: 'Check the status of a write operation',
      params: z.object({ job_id: z.string().min(1).describe('The job_id a write returned') }),
      response: { 200: writeStatusSchema },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const job = await getWriteJob(store.readDb, accountOf(request), request.params.job_id);
      if (!job) throw notFound('write job', request.params.job_id);
      return { write_status: job.status, errors: JSON.parse(job.errors) as string[], created_record_id: job.created_record_id };
    },
  });
}
