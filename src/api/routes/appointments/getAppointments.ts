import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { connectorFor, supportedVendors } from '../../../connectors/registry.ts';
import { eventSchema } from '../../../domain/event.ts';
import type { AppDeps } from '../../deps.ts';
import { listFilters, listResponseSchema, sendList, type ListSpec } from '../../listing.ts';
import { eventFilters } from '../events/getEvents.ts';

const { query: getAppointmentsQuery, spec: eventsSpec } = listFilters('events', eventFilters);

/**
 * Appointments are the events of the PMS's appointment type (each connector names it). The store
 * lists by column equality, so one connector with appointments is served; a second one needs an
 * IN over (vendor, type) in the store's list query, and fails here loudly until then.
 */
function appointmentSpec(): ListSpec {
  const booking = supportedVendors().flatMap((v) => {
    const a = connectorFor(v)?.writes?.appointments;
    return a ? [{ vendor: v, typeXId: a.eventTypeXId }] : [];
  });
  if (booking.length > 1) throw new Error('GET /v1/appointments/ lists one connector’s appointments; extend the store’s list query for several');
  const one = booking[0];
  return { ...eventsSpec, fixed: one ? [{ column: 'integration_vendor', value: one.vendor }, { column: 'x_type_id', value: one.typeXId }] : [{ column: 'x_type_id', value: '' }] };
}

/** GET /v1/appointments/ — Propexo's: the Event shape, the filters of /v1/events/. */
export function getAppointments(app: FastifyInstance, { store }: AppDeps): void {
  const spec = appointmentSpec();
  app.withTypeProvider<ZodTypeProvider>().get('/v1/appointments/', {
    schema: {
      tags: ['Appointments'],
      summary: 'Get all appointments',
      description: 'Appointment events (tours, leasing appointments…) from the store, newest first by default.',
      querystring: getAppointmentsQuery,
      response: { 200: listResponseSchema(eventSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
