import type { FastifyInstance } from 'fastify';
import { applicantEventBody } from '../../../writes/eventWriteSchema.ts';
import { eventWriteRoute } from '../../../writes/eventRoute.ts';
import type { AppDeps } from '../../deps.ts';

/** POST /v1/events/applicants/entrata/ — validated against the PMS's rules and the synced store, then a durable write job. */
export function postApplicantEventEntrata(app: FastifyInstance, deps: AppDeps): void {
  eventWriteRoute(app, deps, { path: '/v1/events/applicants/entrata', model: 'applicants', summary: 'Create an event for an applicant in Entrata', body: applicantEventBody, generic: false });
}
