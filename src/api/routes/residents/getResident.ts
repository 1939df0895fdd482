import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { residentSchema } from '../../../domain/resident.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getResident(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/residents/:id', {
    schema: {
      tags: ['Residents'],
      summary: 'Get a resident by ID',
      params: z.object({ id: z.string().min(1).describe('Leasewire id of the resident') }),
      querystring: byIdQuery('residents'),
      response: { 200: oneResponseSchema(residentSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'residents', 'resident', request.params.id, request, reply, request.query),
  });
}
