import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { unitSchema } from '../../../domain/unit.ts';
import type { AppDeps } from '../../deps.ts';
import { deprecatedText, listFilters, listResponseSchema, sendList, sharedFilters } from '../../listing.ts';

const filters = listFilters('units', {
  ...sharedFilters,
  x_property_id: {
    param: deprecatedText("Deprecated: use property_id. The PMS's id of the property (needs integration_id)"),
    apply: sharedFilters.x_property_id.apply,
  },
  unit_number: { param: 'The unit number; needs property_id too', apply: { kind: 'column', column: 'unit_number' } },
});

// Unit numbers repeat across properties, so Propexo only filters by one within a property.
export const getUnitsQuery = filters.query.superRefine((q, ctx) => {
  if (q.unit_number !== undefined && q.property_id === undefined) {
    ctx.addIssue({ code: 'custom', path: ['property_id'], message: 'filtering by unit_number needs property_id too: unit numbers repeat across properties' });
  }
});

export function getUnits(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/units/', {
    schema: {
      tags: ['Units'],
      summary: 'Get all units',
      description: 'Units of the properties this key can see.',
      querystring: getUnitsQuery,
      response: { 200: listResponseSchema(unitSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, filters.spec, request, reply, request.query),
  });
}
