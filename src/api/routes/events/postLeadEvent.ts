import type { FastifyInstance } from 'fastify';
import { genericLeadEventBody } from '../../../writes/eventWriteSchema.ts';
import { eventWriteRoute } from '../../../writes/eventRoute.ts';
import type { AppDeps } from '../../deps.ts';

/** POST /v1/events/leads/ — validated against the PMS's rules and the synced store, then a durable write job. */
export function postLeadEvent(app: FastifyInstance, deps: AppDeps): void {
  eventWriteRoute(app, deps, { path: '/v1/events/leads', model: 'leads', summary: 'Create an event for a lead', body: genericLeadEventBody, generic: true });
}
