import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountOf } from '../api/plugins/auth.ts';
import { ApiError, invalidRequest } from '../api/errors.ts';
import type { AppDeps } from '../api/deps.ts';
import type { PersonModel } from '../connectors/connector.ts';
import { connectorFor } from '../connectors/registry.ts';
import { integrationRef, type IntegrationRef } from '../store/repositories/integrations.ts';
import { genericWriteResponse, idempotencyHeaders, vendorWriteResponse } from './eventWriteSchema.ts';
import { genericQuery, idempotencyKeyOf, ignoreUnknownOf, onlyTakenFields, queueOf, writeRouteErrors } from './eventRoute.ts';
import { submitEventWrite } from './submit.ts';

export interface AppointmentRouteSpec {
  path: string;
  model: PersonModel;
  summary: string;
  body: z.ZodObject;
  generic: boolean;
}

/**
 * Booking an appointment: validated at once by the connector's appointment rules, then a durable
 * write job like an event write (the same worker, the same exactly-once protocol); the PMS refusing
 * the slot when the job runs is the job's FAILURE.
 */
export function appointmentWriteRoute(app: FastifyInstance, deps: AppDeps, spec: AppointmentRouteSpec): void {
  app.withTypeProvider<ZodTypeProvider>().post(spec.path, {
    config: writeRouteErrors,
    schema: {
      tags: ['Appointments'],
      summary: spec.summary,
      body: spec.body,
      headers: idempotencyHeaders,
      ...(spec.generic ? { querystring: genericQuery } : {}),
      response: { 200: spec.generic ? genericWriteResponse : vendorWriteResponse },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request, reply) => {
      const queue = queueOf(deps);
      const accountId = accountOf(request);
      let body = request.body as Record<string, unknown>;
      const integration = await integrationRef(deps.store, accountId, String(body.integration_id));
      if (integration && !connectorFor(integration.vendor)?.writes?.appointments) {
        throw new ApiError(400, 'invalid_request', `${integration.vendor} integrations do not book appointments through Leasewire.`);
      }
      if (spec.generic) body = appointmentFields(integration, spec.model, body, ignoreUnknownOf(request));
      const response = await submitEventWrite(deps.store, queue, {
        accountId,
        model: spec.model,
        body,
        integration,
        endpoint: spec.path,
        kind: `appointments.${spec.model}`,
        validate: (writes, store, i, model, b) => writes.appointments!.validate(store, i, model, b),
        idempotencyKey: idempotencyKeyOf(request),
        respond: (jobId, accepted) => (spec.generic ? { job_id: jobId, data: accepted } : { meta: { job_id: jobId }, result: accepted }),
      });
      return reply.type('application/json; charset=utf-8').send(response as unknown as z.infer<typeof vendorWriteResponse>);
    },
  });
}

/** Keeps what the PMS takes on an appointment; other fields are a 400 naming them, or dropped on request. */
function appointmentFields(integration: IntegrationRef | undefined, model: PersonModel, body: Record<string, unknown>, ignoreUnknown: boolean): Record<string, unknown> {
  const appointments = integration ? connectorFor(integration.vendor)?.writes?.appointments : undefined;
  if (!integration || !appointments) return body;
  const allowed = new Set(appointments.fields(model));
  return onlyTakenFields(integration.vendor, model, body, (k) => allowed.has(k), ignoreUnknown, 'appointments');
}

/** The integration of a stored event, within the account (the update routes carry no integration_id). */
async function eventIntegration(deps: AppDeps, accountId: string, eventId: string): Promise<IntegrationRef> {
  const row = await deps.store.readDb.selectFrom('events').select(['integration_id']).where('id', '=', eventId).where('account_id', '=', accountId).executeTakeFirst();
  const ref = row ? await integrationRef(deps.store, accountId, row.integration_id) : undefined;
  if (!ref) throw new ApiError(404, 'not_found', `No event with id "${eventId}" exists for this API key's account. List appointments with GET /v1/appointments/.`);
  return ref;
}

const eventIdParams = z.object({ event_id: z.string().min(1).describe('Leasewire id of the event') });

/** PUT /v1/events/appointments/{model}/{vendor}/{event_id}: reschedule, a durable write job read back. */
export function appointmentUpdateRoute(app: FastifyInstance, deps: AppDeps, spec: { path: string; model: PersonModel; summary: string; body: z.ZodObject }): void {
  app.withTypeProvider<ZodTypeProvider>().put(spec.path, {
    config: writeRouteErrors,
    schema: { tags: ['Appointments'], summary: spec.summary, params: eventIdParams, body: spec.body, headers: idempotencyHeaders, response: { 200: vendorWriteResponse }, security: [{ bearerAuth: [] }] },
    handler: async (request, reply) => {
      const queue = queueOf(deps);
      const accountId = accountOf(request);
      const eventId = request.params.event_id;
      const integration = await eventIntegration(deps, accountId, eventId);
      const body = request.body as Record<string, unknown>;
      const response = await submitEventWrite(deps.store, queue, {
        accountId,
        model: spec.model,
        body: { ...body, event_id: eventId },
        integration,
        endpoint: `${spec.path}#${eventId}`,
        kind: `appointments.${spec.model}.update`,
        validate: async (writes, store, i, model) => {
          if (!writes.appointments) throw new ApiError(400, 'invalid_request', `${i.vendor} integrations do not book appointments through Leasewire.`);
          return writes.appointments.validateUpdate(store, i, model, eventId, body, false);
        },
        idempotencyKey: idempotencyKeyOf(request),
        respond: (jobId, accepted) => ({ meta: { job_id: jobId }, result: accepted }),
      });
      return reply.type('application/json; charset=utf-8').send(response as unknown as z.infer<typeof vendorWriteResponse>);
    },
  });
}

const cancelBody = z.strictObject({ integration_id: z.string().min(1).describe('Leasewire id of the integration'), event_id: z.string().min(1).describe('Leasewire id of the appointment event') });

/** POST /v1/events/appointments/{model}/cancel[/{vendor}]: cancel, a durable write job read back. */
export function appointmentCancelRoute(app: FastifyInstance, deps: AppDeps, spec: { path: string; model: PersonModel; summary: string; generic: boolean; vendor?: string }): void {
  app.withTypeProvider<ZodTypeProvider>().post(spec.path, {
    config: writeRouteErrors,
    schema: { tags: ['Appointments'], summary: spec.summary, body: cancelBody, headers: idempotencyHeaders, response: { 200: spec.generic ? genericWriteResponse : vendorWriteResponse }, security: [{ bearerAuth: [] }] },
    handler: async (request, reply) => {
      const queue = queueOf(deps);
      const accountId = accountOf(request);
      const body = request.body as { integration_id: string; event_id: string };
      const integration = await integrationRef(deps.store, accountId, body.integration_id);
      if (integration && spec.vendor && integration.vendor !== spec.vendor) {
        throw invalidRequest(`Integration ${integration.id} is a ${integration.vendor} integration; this endpoint is for ${spec.vendor}.`, [{ code: 'custom', path: ['integration_id'], message: `not a ${spec.vendor} integration` }]);
      }
      const response = await submitEventWrite(deps.store, queue, {
        accountId,
        model: spec.model,
        body,
        integration,
        endpoint: spec.path,
        kind: `appointments.${spec.model}.cancel`,
        validate: async (writes, store, i, model, b) => {
          if (!writes.appointments) throw new ApiError(400, 'invalid_request', `${i.vendor} integrations do not book appointments through Leasewire.`);
          return writes.appointments.validateUpdate(store, i, model, String(b.event_id), {}, true);
        },
        idempotencyKey: idempotencyKeyOf(request),
        respond: (jobId, accepted) => (spec.generic ? { job_id: jobId, data: accepted } : { meta: { job_id: jobId }, result: accepted }),
      });
      return reply.type('application/json; charset=utf-8').send(response as unknown as z.infer<typeof vendorWriteResponse>);
    },
  });
}

/** Propexo's generic event update body (§3.4, MRI-shaped). */
const genericEventUpdateBody = z.strictObject({
  event_datetime: z.string().optional(),
  event_type_id: z.string().optional(),
  employee_id: z.string().optional(),
  status: z.enum(['COMPLETED', 'OPEN', 'REVIEW', 'DENIED']).optional(),
  notes: z.string().optional(),
});

/** PUT /v1/events/{model}/{event_id}: through the connector; a PMS that cannot update events is a 400 that says so. */
export function eventUpdateRoute(app: FastifyInstance, deps: AppDeps, model: PersonModel): void {
  app.withTypeProvider<ZodTypeProvider>().put(`/v1/events/${model}/:event_id`, {
    config: writeRouteErrors,
    schema: { tags: ['Events'], summary: `Update an event for a ${model.slice(0, -1)}`, params: eventIdParams, body: genericEventUpdateBody, headers: idempotencyHeaders, response: { 200: genericWriteResponse }, security: [{ bearerAuth: [] }] },
    handler: async (request, reply) => {
      const queue = queueOf(deps);
      const accountId = accountOf(request);
      const eventId = request.params.event_id;
      const integration = await eventIntegration(deps, accountId, eventId);
      const writes = connectorFor(integration.vendor)?.writes;
      if (!writes?.validateEventUpdate) {
        const hint = writes?.appointments ? ` To move or cancel an appointment, use PUT /v1/events/appointments/${model}/${integration.vendor.toLowerCase()}/{event_id} or POST /v1/events/appointments/${model}/cancel/${integration.vendor.toLowerCase()}.` : '';
        throw new ApiError(400, 'invalid_request', `${integration.vendor} does not support updating events; add a new event instead (POST /v1/events/${model}).${hint}`);
      }
      const body = request.body as Record<string, unknown>;
      const response = await submitEventWrite(deps.store, queue, {
        accountId,
        model,
        body: { ...body, event_id: eventId },
        integration,
        endpoint: `/v1/events/${model}#${eventId}`,
        kind: `events.${model}.update`,
        validate: async (w, store, i, m) => w.validateEventUpdate!(store, i, m, eventId, body),
        idempotencyKey: idempotencyKeyOf(request),
        respond: (jobId, accepted) => ({ job_id: jobId, data: accepted }),
      });
      return reply.type('application/json; charset=utf-8').send(response as unknown as z.infer<typeof genericWriteResponse>);
    },
  });
}
