import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unitSchema } from '../../../domain/unit.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getUnit(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/units/:id', {
    schema: {
      tags: ['Units'],
      summary: 'Get a unit by ID',
      params: z.object({ id: z.string().min(1).describe('Leasewire id of the unit') }),
      querystring: byIdQuery('units'),
      response: { 200: oneResponseSchema(unitSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'units', 'unit', request.params.id, request, reply, request.query),
  });
}
