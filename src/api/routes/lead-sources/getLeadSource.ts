import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { leadSourceSchema } from '../../../domain/leadSource.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getLeadSource(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/lead-sources/:lead_source_id', {
    schema: {
      tags: ['Lead sources'],
      summary: 'Get lead source by ID',
      params: z.object({ lead_source_id: z.string().min(1).describe('Leasewire id of the lead source') }),
      querystring: byIdQuery('lead_sources'),
      response: { 200: oneResponseSchema(leadSourceSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'lead_sources', 'lead source', request.params.lead_source_id, request, reply, request.query),
  });
}
