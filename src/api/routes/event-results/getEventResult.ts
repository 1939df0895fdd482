import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventResultSchema } from '../../../domain/eventResult.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getEventResult(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/event-results/:event_result_id', {
    schema: {
      tags: ['Event results'],
      summary: 'Get event result by ID',
      params: z.object({ event_result_id: z.string().min(1).describe('Leasewire id of the event result') }),
      querystring: byIdQuery('event_results'),
      response: { 200: oneResponseSchema(eventResultSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'event_results', 'event result', request.params.event_result_id, request, reply, request.query),
  });
}
