import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { leadSourceSchema } from '../../../domain/leadSource.ts';
import type { AppDeps } from '../../deps.ts';
import { listFilters, listResponseSchema, sendList, sharedFilters, unscopedXIdFilter } from '../../listing.ts';

export const { query: getLeadSourcesQuery, spec } = listFilters('lead_sources', {
  x_id: unscopedXIdFilter,
  location_id: sharedFilters.location_id,
  property_id: sharedFilters.property_id,
  integration_id: sharedFilters.integration_id,
  integration_vendor: sharedFilters.integration_vendor,
});

export function getLeadSources(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/lead-sources/', {
    schema: {
      tags: ['Lead sources'],
      summary: 'Get all lead sources',
      description: 'Where leads come from (ILSs, referrals…), per property.',
      querystring: getLeadSourcesQuery,
      response: { 200: listResponseSchema(leadSourceSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
