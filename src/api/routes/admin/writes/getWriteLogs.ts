import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { integrationVendorSchema } from '../../../../domain/common.ts';
import type { AppDeps } from '../../../deps.ts';
import { accountOf } from '../../../plugins/auth.ts';

const ranges = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const;

/** Propexo's write categories (a write job's kind is "<category>.<person model>", e.g. events.leads). */
const writeCategories = [
  'amenities', 'applicants', 'applications', 'contracts', 'crm_listings', 'deposit_summaries', 'event_types', 'events',
  'file_types', 'file_upload', 'invoices', 'leads', 'leases', 'listings', 'properties', 'purchase_orders',
  'recurring_resident_charges', 'resident_charges', 'resident_payments', 'resident_pets', 'residents',
  'service_request_vendors', 'service_requests', 'transactions', 'units',
] as const;

const logSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  job_id: z.string(),
  job_log_id: z.string(),
  status: z.enum(['SUCCESS', 'FAILURE']),
  integration_id: z.string(),
  job_type: z.string(),
  parameters: z.unknown(),
  error: z.string().nullable(),
  name: z.string(),
  vendor: integrationVendorSchema,
});

/**
 * The log of finished writes, newest first: one entry per job, its latest outcome. A job still
 * PENDING has no outcome yet and is not listed (GET /v1/admin/write-status/{job_id} shows it).
 */
export function getWriteLogs(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/logs/writes', {
    schema: {
      tags: ['Admin'],
      summary: 'Query write job logs (latest record per job)',
      querystring: z
        .object({
          limit: z.coerce.number().int().min(1).max(100).default(100).describe('Number of records to return, 1 to 100'),
          offset: z.coerce.number().int().min(0).default(0).describe('Number of records to skip'),
          time_range: z.enum(['hour', 'day', 'week', 'month']).optional().describe('Only writes submitted within this time'),
          integration_id: z.string().min(1).optional().describe('Only writes to this integration'),
          status: z.enum(['SUCCESS', 'FAILURE']).optional().describe('Only writes that ended this way'),
          write_category: z.enum(writeCategories).optional().describe('Only writes of this category, e.g. events'),
        })
        .strict(),
      response: { 200: z.object({ results: z.object({ logs: z.array(logSchema) }) }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const q = request.query;
      let sel = store.readDb
        .selectFrom('write_jobs')
        .selectAll()
        .where('account_id', '=', accountOf(request))
        .where('status', 'in', q.status ? [q.status] : ['SUCCESS', 'FAILURE']);
      if (q.time_range) sel = sel.where('created_at', '>=', new Date(Date.now() - ranges[q.time_range]).toISOString());
      if (q.integration_id) sel = sel.where('integration_id', '=', q.integration_id);
      if (q.write_category) sel = sel.where('kind', 'like', `${q.write_category}.%`);
      const rows = await sel.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
      const logs = rows.map((r) => ({
        id: r.id,
        created_at: r.created_at,
        job_id: r.id,
        job_log_id: `${r.id}:${r.attempts}`,
        status: r.status as 'SUCCESS' | 'FAILURE',
        integration_id: r.integration_id,
        job_type: r.kind,
        parameters: JSON.parse(r.request) as unknown,
        error: (JSON.parse(r.errors) as string[])[0] ?? null,
        name: r.kind,
        vendor: r.vendor as z.infer<typeof integrationVendorSchema>,
      }));
      return { results: { logs } };
    },
  });
}
