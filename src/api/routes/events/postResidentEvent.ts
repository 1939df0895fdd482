import type { FastifyInstance } from 'fastify';
import { genericResidentEventBody } from '../../../writes/eventWriteSchema.ts';
import { eventWriteRoute } from '../../../writes/eventRoute.ts';
import type { AppDeps } from '../../deps.ts';

/** POST /v1/events/residents/ — validated against the PMS's rules and the synced store, then a durable write job. */
export function postResidentEvent(app: FastifyInstance, deps: AppDeps): void {
  eventWriteRoute(app, deps, { path: '/v1/events/residents', model: 'residents', summary: 'Create an event for a resident', body: genericResidentEventBody, generic: true });
}
