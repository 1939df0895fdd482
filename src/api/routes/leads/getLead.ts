import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { leadSchema } from '../../../domain/lead.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getLead(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/leads/:id', {
    schema: {
      tags: ['Leads'],
      summary: 'Get a lead by ID',
      params: z.object({ id: z.string().min(1).describe('Leasewire id of the lead') }),
      querystring: byIdQuery('leads'),
      response: { 200: oneResponseSchema(leadSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'leads', 'lead', request.params.id, request, reply, request.query),
  });
}
