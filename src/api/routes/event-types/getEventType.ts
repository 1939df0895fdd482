import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventTypeSchema } from '../../../domain/eventType.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getEventType(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/event-types/:event_type_id', {
    schema: {
      tags: ['Event types'],
      summary: 'Get event type by ID',
      params: z.object({ event_type_id: z.string().min(1).describe('Leasewire id of the event type') }),
      querystring: byIdQuery('event_types'),
      response: { 200: oneResponseSchema(eventTypeSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'event_types', 'event type', request.params.event_type_id, request, reply, request.query),
  });
}
