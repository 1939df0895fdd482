import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { propertySchema } from '../../../domain/property.ts';
import type { AppDeps } from '../../deps.ts';
import { deprecatedText, listFilters, listResponseSchema, sendList, sharedFilters } from '../../listing.ts';

export const { query: getPropertiesQuery, spec } = listFilters('properties', {
  x_id: sharedFilters.x_id,
  x_property_id: {
    param: deprecatedText("Deprecated: use x_id. The PMS's id of the property (needs integration_id)"),
    apply: sharedFilters.x_property_id.apply,
  },
  location_id: sharedFilters.location_id,
  integration_id: sharedFilters.integration_id,
  integration_vendor: sharedFilters.integration_vendor,
  is_active: {
    param: z.enum(['true', 'false']).optional().describe('Only active (true) or inactive (false) properties'),
    apply: { kind: 'column', column: 'is_active' },
  },
});

export function getProperties(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/properties/', {
    schema: {
      tags: ['Properties'],
      summary: 'Get all properties',
      description: 'Properties of the integrations this key can see.',
      querystring: getPropertiesQuery,
      response: { 200: listResponseSchema(propertySchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
