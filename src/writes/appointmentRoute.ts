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
import { submitEventWrite } from './submit.ts';

export interface AppointmentRouteSpec {
  path: string;
  model: PersonModel;
  summary: string;
  body: z.ZodObject;
  generic: boolean;
}

const genericQuery = z.object({
  ignore_unknown_fields: z.enum(['true', 'false']).optional().describe('Drop fields the PMS does not take instead of answering 400'),
});

/**
 * Booking an appointment: validated at once by the connector's appointment rules, then a durable
 * write job like an event write (the same worker, the same exactly-once protocol); the PMS refusing
 * the slot when the job runs is the job's FAILURE.
 */
export function appointmentWriteRoute(app: FastifyInstance, deps: AppDeps, spec: AppointmentRouteSpec): void {
  app.withTypeProvider<ZodTypeProvider>().post(spec.path, {
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
      if (!deps.queue) throw new ApiError(503, 'unavailable', 'This server runs without a job queue, so it cannot take writes. Start it with `leasewire start`.');
      const accountId = accountOf(request);
      let body = request.body as Record<string, unknown>;
      const integration = await integrationRef(deps.store, accountId, String(body.integration_id));
      if (integration && !connectorFor(integration.vendor)?.writes?.appointments) {
        throw new ApiError(400, 'invalid_request', `${integration.vendor} integrations do not book appointments through Leasewire.`);
      }
      if (spec.generic) body = appointmentFields(integration, spec.model, body, (request.query as { ignore_unknown_fields?: string }).ignore_unknown_fields === 'true');
      const response = await submitEventWrite(deps.store, deps.queue, {
        accountId,
        model: spec.model,
        body,
        integration,
        endpoint: spec.path,
        kind: `appointments.${spec.model}`,
        validate: (writes, store, i, model, b) => writes.appointments!.validate(store, i, model, b),
        idempotencyKey: (request.headers as { 'idempotency-key'?: string })['idempotency-key'],
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
  const unknown = Object.keys(body).filter((k) => !allowed.has(k));
  if (unknown.length === 0 || ignoreUnknown) return Object.fromEntries(Object.entries(body).filter(([k]) => allowed.has(k)));
  throw invalidRequest(
    `${integration.vendor} does not take ${unknown.join(', ')} on ${model} appointments. Remove ${unknown.length > 1 ? 'them' : 'it'}, or add ?ignore_unknown_fields=true to drop unsupported fields.`,
    unknown.map((k) => ({ code: 'unrecognized_keys', path: [k], message: `${integration.vendor} does not take "${k}"` })),
  );
}
