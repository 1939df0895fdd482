import type { FastifyInstance } from 'fastify';
import { leadEventBody } from '../../../writes/eventWriteSchema.ts';
import { eventWriteRoute } from '../../../writes/eventRoute.ts';
import type { AppDeps } from '../../deps.ts';

/** POST /v1/events/leads/entrata/ — validated against the PMS's rules and the synced store, then a durable write job. */
export function postLeadEventEntrata(app: FastifyInstance, deps: AppDeps): void {
  eventWriteRoute(app, deps, { path: '/v1/events/leads/entrata', model: 'leads', summary: 'Create an event for a lead in Entrata', body: leadEventBody, generic: false });
}
