import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { leadSchema } from '../../../domain/lead.ts';
import type { AppDeps } from '../../deps.ts';
import { contactFilters, deprecatedText, listFilters, listResponseSchema, sendList, sharedFilters } from '../../listing.ts';

export const { query: getLeadsQuery, spec } = listFilters('leads', {
  ...sharedFilters,
  x_property_id: {
    param: deprecatedText("Deprecated: use property_id. The PMS's id of the property (needs integration_id)"),
    apply: sharedFilters.x_property_id.apply,
  },
  x_unit_id: { param: "The PMS's id of the lead's unit (needs integration_id and x_property_id)", apply: { kind: 'column', column: 'x_unit_id' } },
  email_2: { param: 'Alternate email address, exactly as stored', apply: { kind: 'column', column: 'email_2' } },
  ...contactFilters,
});

export function getLeads(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/leads/', {
    schema: {
      tags: ['Leads'],
      summary: 'Get all leads',
      description: 'Prospects (guest cards) of the properties this key can see.',
      querystring: getLeadsQuery,
      response: { 200: listResponseSchema(leadSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
