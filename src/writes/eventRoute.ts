import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountOf } from '../api/plugins/auth.ts';
import { ApiError, invalidRequest } from '../api/errors.ts';
import type { AppDeps } from '../api/deps.ts';
import type { PersonModel } from '../connectors/connector.ts';
import { connectorFor } from '../connectors/registry.ts';
import { integrationRef, type IntegrationRef } from '../store/repositories/integrations.ts';
import { genericWriteResponse, idempotencyHeaders, publishedEventType, vendorWriteResponse } from './eventWriteSchema.ts';
import { submitEventWrite } from './submit.ts';

export interface EventRouteSpec {
  path: string;
  model: PersonModel;
  summary: string;
  body: z.ZodObject;
  /** Generic routes answer {job_id, data} and drop or reject fields the vendor does not take. */
  generic: boolean;
}

export const genericQuery = z.object({
  ignore_unknown_fields: z.enum(['true', 'false']).optional().describe('Drop fields the PMS does not take instead of answering 400'),
});

/** What every write route may answer beyond the common statuses: 409 (Idempotency-Key reused with another body), 503 (no job queue). */
export const writeRouteErrors = { errors: [409, 503] } as const;

/** The job queue a write needs, or the 503 that says how to get one. */
export function queueOf(deps: AppDeps): NonNullable<AppDeps['queue']> {
  if (!deps.queue) throw new ApiError(503, 'unavailable', 'This server runs without a job queue, so it cannot take writes. Start it with `leasewire start`.');
  return deps.queue;
}

export const idempotencyKeyOf = (request: { headers: unknown }): string | undefined => (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
export const ignoreUnknownOf = (request: { query: unknown }): boolean => (request.query as { ignore_unknown_fields?: string } | undefined)?.ignore_unknown_fields === 'true';

/**
 * The body restricted to the fields the PMS takes (`isAllowed`); other fields are a 400 naming them,
 * or dropped when the caller asked (?ignore_unknown_fields=true). `what` names the write ("events").
 */
export function onlyTakenFields(vendor: string, model: PersonModel, body: Record<string, unknown>, isAllowed: (field: string) => boolean, ignoreUnknown: boolean, what: string, tolerated: (field: string) => boolean = () => false): Record<string, unknown> {
  const unknown = Object.keys(body).filter((k) => !isAllowed(k) && !tolerated(k));
  if (unknown.length === 0 || ignoreUnknown) return Object.fromEntries(Object.entries(body).filter(([k]) => isAllowed(k)));
  throw invalidRequest(
    `${vendor} does not take ${unknown.join(', ')} on ${model} ${what}. Remove ${unknown.length > 1 ? 'them' : 'it'}, or add ?ignore_unknown_fields=true to drop unsupported fields.`,
    unknown.map((k) => ({ code: 'unrecognized_keys', path: [k], message: `${vendor} does not take "${k}"` })),
  );
}

/** The shared shape of the six event-write endpoints (each endpoint file names its path and body). */
export function eventWriteRoute(app: FastifyInstance, deps: AppDeps, spec: EventRouteSpec): void {
  app.withTypeProvider<ZodTypeProvider>().post(spec.path, {
    config: writeRouteErrors,
    schema: {
      tags: ['Events'],
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
      if (spec.generic) body = vendorFields(integration, spec.model, body, ignoreUnknownOf(request));
      const response = await submitEventWrite(deps.store, queue, {
        accountId,
        model: spec.model,
        body,
        integration,
        endpoint: spec.path,
        idempotencyKey: idempotencyKeyOf(request),
        respond: (jobId, accepted) => (spec.generic ? { job_id: jobId, data: accepted } : { meta: { job_id: jobId }, result: accepted }),
      });
      // The response is JSON text already (stored with the job, the schema's shape by
      // construction): sent as it is, without a second serialization.
      return reply.type('application/json; charset=utf-8').send(response as unknown as z.infer<typeof vendorWriteResponse>);
    },
  });
}

/** Keeps what the integration's PMS takes; other fields are a 400 naming them, or dropped on request. */
function vendorFields(integration: IntegrationRef | undefined, model: PersonModel, body: Record<string, unknown>, ignoreUnknown: boolean): Record<string, unknown> {
  const writes = integration ? connectorFor(integration.vendor)?.writes : undefined;
  if (!integration || !writes) return body;
  const fields = writes.eventFields(model);
  // A PMS that takes no events for this model explains why in validateEvent (e.g. it has no leads).
  if (fields.length === 0) return body;
  const allowed = new Set(fields);
  // The published default (event_type "Note") says nothing the PMS lacks: dropped, not refused.
  return onlyTakenFields(integration.vendor, model, body, (k) => allowed.has(k), ignoreUnknown, 'events', (k) => k === 'event_type' && body[k] === publishedEventType && model !== 'leads');
}
