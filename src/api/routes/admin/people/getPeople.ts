import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../../deps.ts';
import { accountOf } from '../../../plugins/auth.ts';

const peopleModels = ['leads', 'applicants', 'residents'] as const;
type ShownField = 'first_name' | 'last_name' | 'email_1' | 'phone_1' | 'status';

export const getPeopleQuery = z
  .object({
    model: z.enum(peopleModels, { error: () => `must be one of: ${peopleModels.join(', ')}` }).default('leads').describe('Which people to search'),
    q: z.string().trim().max(200).optional().describe('Text found in the name, email or phone, any case (all when left out)'),
    integration_id: z.string().min(1).max(200).optional().describe('Only people of this integration'),
    limit: z.coerce.number().int().min(1).max(100).default(25).describe('Number of people to return, 1 to 100'),
    offset: z.coerce.number().int().min(0).default(0).describe('Number of people to skip'),
  })
  .strict();

const personSchema = z
  .object({
    id: z.string().describe('Leasewire id of the person (GET /v1/{model}/{id} for the whole record)'),
    model: z.enum(peopleModels),
    integration_id: z.string(),
    x_id: z.string(),
    property_id: z.string().nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    email_1: z.string().nullable(),
    phone_1: z.string().nullable(),
    status: z.string().nullable(),
    updated_at: z.string(),
  })
  .meta({ id: 'PersonSummary' });

/**
 * Finds leads, applicants or residents by any part of their name, email or phone (Leasewire only:
 * Propexo's lists filter by exact email or phone). A scan of the account's records of the model,
 * fine for an operator's search box; integrations use the list endpoints' indexed filters.
 */
export function getPeople(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/admin/people', {
    schema: {
      tags: ['Admin'],
      summary: 'Search leads, applicants or residents by name, email or phone (Leasewire only)',
      description: 'Most recently updated first. Each result names the person; GET /v1/events/?lead_id= (or applicant_id, resident_id) lists their events.',
      querystring: getPeopleQuery,
      response: {
        200: z.object({
          meta: z.object({ offset: z.number().int(), limit: z.number().int(), total: z.number().int(), hasMore: z.boolean() }),
          results: z.array(personSchema),
        }),
      },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      const { model, q, integration_id, limit, offset } = request.query;
      const pg = store.dialect === 'postgres';
      const field = (name: string): RawBuilder<string | null> => (pg ? sql`(data::jsonb ->> ${name})` : sql`json_extract(data, ${`$.${name}`})`);
      let base = store.readDb.selectFrom(model).where('account_id', '=', accountOf(request));
      if (integration_id) base = base.where('integration_id', '=', integration_id);
      if (q) {
        const text = sql.join(['first_name', 'last_name', 'email_1', 'phone_1'].map((f) => sql`coalesce(${field(f)}, '')`), sql` || ' ' || `);
        base = base.where(sql<number>`${sql.raw(pg ? 'strpos' : 'instr')}(lower(${text}), ${q.toLowerCase()})`, '>', 0);
      }
      const [rows, count] = await Promise.all([
        base.select(['id', 'integration_id', 'x_id', 'property_id', 'updated_at', 'data']).orderBy('updated_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      ]);
      const total = Number(count.n);
      const results = rows.map((r) => {
        const data = JSON.parse(r.data) as Record<string, unknown>;
        const text = (k: ShownField) => (typeof data[k] === 'string' ? (data[k] as string) : null);
        return {
          id: r.id, model, integration_id: r.integration_id, x_id: r.x_id, property_id: r.property_id, updated_at: r.updated_at,
          first_name: text('first_name'), last_name: text('last_name'), email_1: text('email_1'), phone_1: text('phone_1'), status: text('status'),
        };
      });
      return { meta: { offset, limit, total, hasMore: offset + rows.length < total }, results };
    },
  });
}
