import type { FastifyInstance } from 'fastify';
import { residentEventBody } from '../../../writes/eventWriteSchema.ts';
import { eventWriteRoute } from '../../../writes/eventRoute.ts';
import type { AppDeps } from '../../deps.ts';

/** POST /v1/events/residents/entrata/ — validated against the PMS's rules and the synced store, then a durable write job. */
export function postResidentEventEntrata(app: FastifyInstance, deps: AppDeps): void {
  eventWriteRoute(app, deps, { path: '/v1/events/residents/entrata', model: 'residents', summary: 'Create an event for a resident in Entrata', body: residentEventBody, generic: false });
}
