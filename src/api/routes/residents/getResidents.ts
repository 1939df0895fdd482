import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { residentSchema } from '../../../domain/resident.ts';
import type { AppDeps } from '../../deps.ts';
import { contactFilters, listFilters, listResponseSchema, sendList, sharedFilters } from '../../listing.ts';

export const { query: getResidentsQuery, spec } = listFilters('residents', {
  ...sharedFilters,
  lease_id: { param: 'Leasewire id of a lease: only residents on it', apply: { kind: 'link', rel: 'lease' } },
  ...contactFilters,
});

export function getResidents(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/residents/', {
    schema: {
      tags: ['Residents'],
      summary: 'Get all residents',
      description: 'People on leases at the properties this key can see.',
      querystring: getResidentsQuery,
      response: { 200: listResponseSchema(residentSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
