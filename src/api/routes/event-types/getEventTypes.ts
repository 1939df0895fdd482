import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventTypeSchema } from '../../../domain/eventType.ts';
import type { AppDeps } from '../../deps.ts';
import { listFilters, listResponseSchema, sendList, sharedFilters } from '../../listing.ts';

export const { query: getEventTypesQuery, spec } = listFilters('event_types', {
  ...sharedFilters,
  models: {
    param: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('Only event types for this data model (e.g. leads); repeat the parameter or give a comma list (leads,residents) to match any of several'),
    apply: { kind: 'link', rel: 'model' },
  },
});

export function getEventTypes(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/event-types/', {
    schema: {
      tags: ['Event types'],
      summary: 'Get all event types',
      description: 'The kinds of leasing events each property records.',
      querystring: getEventTypesQuery,
      response: { 200: listResponseSchema(eventTypeSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
