import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getEvent } from './getEvent.ts';
import { getEvents } from './getEvents.ts';
import { postLeadEventEntrata } from './postLeadEventEntrata.ts';
import { postApplicantEventEntrata } from './postApplicantEventEntrata.ts';
import { postResidentEventEntrata } from './postResidentEventEntrata.ts';
import { postLeadEvent } from './postLeadEvent.ts';
import { postApplicantEvent } from './postApplicantEvent.ts';
import { postResidentEvent } from './postResidentEvent.ts';

export function eventRoutes(app: FastifyInstance, deps: AppDeps): void {
  getEvents(app, deps);
  getEvent(app, deps);
  postLeadEventEntrata(app, deps);
  postApplicantEventEntrata(app, deps);
  postResidentEventEntrata(app, deps);
  postLeadEvent(app, deps);
  postApplicantEvent(app, deps);
  postResidentEvent(app, deps);
}
