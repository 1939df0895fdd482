import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eventSchema } from '../../../domain/event.ts';
import type { AppDeps } from '../../deps.ts';
import { listFilters, listResponseSchema, sendList, sharedFilters, type FilterDef } from '../../listing.ts';

/** The filters of /v1/events/ (GET /v1/appointments/ takes the same). */
export const eventFilters = {
  ...sharedFilters,
  x_id: { param: "The PMS's id of the event (needs integration_id and x_property_id)", apply: sharedFilters.x_id.apply },
  x_type_id: { param: "The PMS's id of the event type (needs integration_id and x_property_id)", apply: { kind: 'column', column: 'x_type_id' } },
  lead_id: { param: 'Only events of this lead', apply: { kind: 'link', rel: 'lead' } },
  applicant_id: { param: 'Only events of this applicant', apply: { kind: 'link', rel: 'applicant' } },
  resident_id: { param: 'Only events of this resident', apply: { kind: 'link', rel: 'resident' } },
} satisfies Record<string, FilterDef>;
export const { query: getEventsQuery, spec } = listFilters('events', eventFilters);

export function getEvents(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/events/', {
    schema: {
      tags: ['Events'],
      summary: 'Get all events',
      description: 'Leasing events (calls, emails, tours, appointments, notes…) from the store, newest first by default.',
      querystring: getEventsQuery,
      response: { 200: listResponseSchema(eventSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
