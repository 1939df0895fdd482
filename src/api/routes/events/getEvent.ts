import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventSchema } from '../../../domain/event.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getEvent(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/events/:event_id', {
    schema: {
      tags: ['Events'],
      summary: 'Get an event by id',
      params: z.object({ event_id: z.string().min(1).describe('Leasewire id of the event') }),
      querystring: byIdQuery('events'),
      response: { 200: oneResponseSchema(eventSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'events', 'event', request.params.event_id, request, reply, request.query),
  });
}
