import type { FastifyInstance } from 'fastify';
import { genericApplicantEventBody } from '../../../writes/eventWriteSchema.ts';
import { eventWriteRoute } from '../../../writes/eventRoute.ts';
import type { AppDeps } from '../../deps.ts';

/** POST /v1/events/applicants/ — validated against the PMS's rules and the synced store, then a durable write job. */
export function postApplicantEvent(app: FastifyInstance, deps: AppDeps): void {
  eventWriteRoute(app, deps, { path: '/v1/events/applicants', model: 'applicants', summary: 'Create an event for an applicant', body: genericApplicantEventBody, generic: true });
}
