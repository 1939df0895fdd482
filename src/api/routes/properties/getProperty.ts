import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { propertySchema } from '../../../domain/property.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getProperty(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/properties/:id', {
    schema: {
      tags: ['Properties'],
      summary: 'Get a property by ID',
      params: z.object({ id: z.string().min(1).describe('Leasewire id of the property') }),
      querystring: byIdQuery('properties'),
      response: { 200: oneResponseSchema(propertySchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'properties', 'property', request.params.id, request, reply, request.query),
  });
}
