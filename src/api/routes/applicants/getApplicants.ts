import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { applicantSchema } from '../../../domain/applicant.ts';
import type { AppDeps } from '../../deps.ts';
import { contactFilters, listFilters, listResponseSchema, sendList, sharedFilters, unscopedXIdFilter } from '../../listing.ts';

export const { query: getApplicantsQuery, spec } = listFilters('applicants', {
  x_id: unscopedXIdFilter,
  location_id: sharedFilters.location_id,
  property_id: sharedFilters.property_id,
  integration_id: sharedFilters.integration_id,
  integration_vendor: sharedFilters.integration_vendor,
  ...contactFilters,
});

export function getApplicants(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/applicants/', {
    schema: {
      tags: ['Applicants'],
      summary: 'Get all applicants',
      description: 'People applying for a lease at the properties this key can see.',
      querystring: getApplicantsQuery,
      response: { 200: listResponseSchema(applicantSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
