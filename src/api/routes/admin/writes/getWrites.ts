import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { personKeys, personNeedle, writeStatuses, writeSummary, writeSummarySchema } from '../../../../writes/writeView.ts';
import type { AppDeps } from '../../../deps.ts';
import { accountOf } from '../../../plugins/auth.ts';

// Documented as date-time (the document's readers and fuzzers then send instants, not any text).
const instant = (what: string) =>
  z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), 'must be an ISO 8601 instant, e.g. 2026-12-01T00:00:00Z')
    .optional()
    .meta({ description: `${what} (ISO 8601 date-time with an offset or Z)`, format: 'date-time', examples: ['2026-12-01T00:00:00Z'] });

export const getWritesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25).describe('Number of writes to return, 1 to 100'),
    offset: z.coerce.number().int().min(0).default(0).describe('Number of writes to skip'),
    status: z.enum(writeStatuses, { error: () => `must be one of: ${writeStatuses.join(', ')}` }).optional().describe('Only writes in this state'),
    integration_id: z.string().min(1).max(200).optional().describe('Only writes to this integration'),
    person_id: z.string().min(1).max(200).optional().describe('Only writes about this lead, applicant or resident (its Leasewire id)'),
    since: instant('Only writes submitted at or after this instant'),
    until: instant('Only writes submitted before this instant'),
  })
  .strict();

/**
 * The write log as an operator reads it (Leasewire only): every write, PENDING ones included,
 * newest first, with filters by state, integration, person and time, and the total for paging.
 */
export function getWrites(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/writes', {
    schema: {
      tags: ['Admin'],
      summary: 'List writes with their outcome (Leasewire only)',
      description:
        "The account's writes, newest first, PENDING ones included (GET /v1/admin/logs/writes/ is Propexo's shape of the finished ones). " +
        'Each with its state, attempts so far, the error of a FAILURE and the created record. GET /v1/admin/writes/{job_id} adds each attempt.',
      querystring: getWritesQuery,
      response: {
        200: z.object({
          meta: z.object({ offset: z.number().int(), limit: z.number().int(), total: z.number().int(), hasMore: z.boolean() }),
          results: z.array(writeSummarySchema),
        }),
      },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const q = request.query;
      // A since after until is an empty window (no writes), as the lists' updated_at filters treat theirs.
      // Stored instants are UTC ISO text: compare normalized values.
      const iso = (v: string) => new Date(Date.parse(v)).toISOString();
      const contains = store.dialect === 'postgres' ? 'strpos' : 'instr';
      let base = store.readDb.selectFrom('write_jobs').where('account_id', '=', accountOf(request));
      if (q.status) base = base.where('status', '=', q.status);
      if (q.integration_id) base = base.where('integration_id', '=', q.integration_id);
      if (q.since) base = base.where('created_at', '>=', iso(q.since));
      if (q.until) base = base.where('created_at', '<', iso(q.until));
      const person = q.person_id;
      if (person) {
        base = base.where((eb) => eb.or(personKeys.map((k) => eb(sql<number>`${sql.raw(contains)}(response, ${personNeedle(k, person)})`, '>', 0))));
      }
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      ]);
      const total = Number(count.n);
      return { meta: { offset: q.offset, limit: q.limit, total, hasMore: q.offset + rows.length < total }, results: rows.map(writeSummary) };
    },
  });
}
