import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventSubTypeSchema } from '../../../domain/eventSubType.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getEventSubType(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/event-sub-types/:event_sub_type_id', {
    schema: {
      tags: ['Event sub types'],
      summary: 'Get event sub type by ID',
      params: z.object({ event_sub_type_id: z.string().min(1).describe('Leasewire id of the event sub type') }),
      querystring: byIdQuery('event_sub_types'),
      response: { 200: oneResponseSchema(eventSubTypeSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'event_sub_types', 'event sub type', request.params.event_sub_type_id, request, reply, request.query),
  });
}
