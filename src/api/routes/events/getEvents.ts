import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eventSchema } from '../../../domain/event.ts';
import type { AppDeps } from '../../deps.ts';
import { listQuerySchema, listResponseSchema, sendList, type ListSpec } from '../../listing.ts';

export const getEventsQuery = listQuerySchema({
  x_id: "The PMS's id of the event (needs integration_id and x_property_id)",
  x_property_id: "The PMS's id of the property",
  x_type_id: "The PMS's id of the event type (needs integration_id and x_property_id)",
  location_id: 'Rent Manager location id (no Leasewire connector has locations: matches nothing)',
  property_id: 'Leasewire id of the property',
  lead_id: 'Only events of this lead',
  applicant_id: 'Only events of this applicant',
  resident_id: 'Only events of this resident',
  integration_id: 'Leasewire id of the integration',
  integration_vendor: 'The PMS, e.g. ENTRATA',
});

const spec: ListSpec = {
  model: 'events',
  filters: {
    x_id: { kind: 'column', column: 'x_id' },
    x_property_id: { kind: 'column', column: 'x_property_id' },
    x_type_id: { kind: 'column', column: 'x_type_id' },
    location_id: { kind: 'none' },
    property_id: { kind: 'column', column: 'property_id' },
    lead_id: { kind: 'link', rel: 'lead' },
    applicant_id: { kind: 'link', rel: 'applicant' },
    resident_id: { kind: 'link', rel: 'resident' },
    integration_id: { kind: 'column', column: 'integration_id' },
    integration_vendor: { kind: 'column', column: 'integration_vendor' },
  },
};

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
