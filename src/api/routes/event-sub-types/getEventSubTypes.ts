import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eventSubTypeSchema } from '../../../domain/eventSubType.ts';
import type { AppDeps } from '../../deps.ts';
import { listFilters, listResponseSchema, sendList, sharedFilters } from '../../listing.ts';

export const { query: getEventSubTypesQuery, spec } = listFilters('event_sub_types', {
  ...sharedFilters,
  event_type_id: { param: 'Leasewire id of the parent event type', apply: { kind: 'column', column: 'event_type_id' } },
});

export function getEventSubTypes(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/event-sub-types/', {
    schema: {
      tags: ['Event sub types'],
      summary: 'Get all event sub types',
      description: 'Sub types of the event types, per property.',
      querystring: getEventSubTypesQuery,
      response: { 200: listResponseSchema(eventSubTypeSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
