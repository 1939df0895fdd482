import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../deps.ts';
import { accountOf } from '../../../plugins/auth.ts';

const ranges = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const;

export function getWriteLogs(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/logs/writes', {
    schema: {
      tags: ['Admin'],
      summary: 'Query write job logs (latest record per job)',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(100).default(100),
        offset: z.coerce.number().int().min(0).default(0),
        time_range: z.enum(['hour', 'day', 'week', 'month']).optional(),
        integration_id: z.string().optional(),
        status: z.enum(['SUCCESS', 'FAILURE']).optional(),
        write_category: z.string().optional().describe('e.g. events'),
      }),
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const q = request.query;
      let sel = store.db.selectFrom('write_jobs').selectAll().where('account_id', '=', accountOf(request));
      if (q.time_range) sel = sel.where('created_at', '>=', new Date(Date.now() - ranges[q.time_range]).toISOString());
      if (q.integration_id) sel = sel.where('integration_id', '=', q.integration_id);
      if (q.status) sel = sel.where('status', '=', q.status);
      if (q.write_category) sel = sel.where('kind', 'like', `${q.write_category}.%`);
      const rows = await sel.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
      const logs = rows.map((r) => ({
        id: r.id,
        created_at: r.created_at,
        job_id: r.id,
        job_log_id: `${r.id}:${r.attempts}`,
        status: r.status,
        integration_id: r.integration_id,
        job_type: r.kind,
        parameters: JSON.parse(r.request) as unknown,
        error: (JSON.parse(r.errors) as string[])[0] ?? null,
        name: r.kind,
        vendor: r.vendor,
      }));
      return { results: { logs } };
    },
  });
}
