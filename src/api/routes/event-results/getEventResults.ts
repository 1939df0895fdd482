import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eventResultSchema } from '../../../domain/eventResult.ts';
import type { AppDeps } from '../../deps.ts';
import { listFilters, listResponseSchema, sendList, sharedFilters } from '../../listing.ts';

export const { query: getEventResultsQuery, spec } = listFilters('event_results', {
  ...sharedFilters,
});

export function getEventResults(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/event-results/', {
    schema: {
      tags: ['Event results'],
      summary: 'Get all event results',
      description: 'The outcomes an event can record, per property.',
      querystring: getEventResultsQuery,
      response: { 200: listResponseSchema(eventResultSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
