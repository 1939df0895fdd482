import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { integrationRoutes } from './admin/integrations/index.ts';
import { appointmentAvailabilityRoutes } from './appointment-availability/index.ts';
import { appointmentRoutes } from './appointments/index.ts';
import { eventRoutes } from './events/index.ts';
import { propertyRoutes } from './properties/index.ts';
import { unitRoutes } from './units/index.ts';
import { employeeRoutes } from './employees/index.ts';
import { leadSourceRoutes } from './lead-sources/index.ts';
import { eventTypeRoutes } from './event-types/index.ts';
import { eventSubTypeRoutes } from './event-sub-types/index.ts';
import { eventResultRoutes } from './event-results/index.ts';
import { leadRoutes } from './leads/index.ts';
import { applicantRoutes } from './applicants/index.ts';
import { residentRoutes } from './residents/index.ts';
import { writeAdminRoutes } from './admin/writes/index.ts';
import { syncRoutes } from './admin/syncs/index.ts';
import { webhookRoutes } from './webhooks/index.ts';
import { peopleRoutes } from './admin/people/index.ts';

/** Every route group, registered in one place; each group's index lists its endpoint files. */
export function registerRoutes(app: FastifyInstance, deps: AppDeps): void {
  eventRoutes(app, deps);
  appointmentAvailabilityRoutes(app, deps);
  appointmentRoutes(app, deps);
  integrationRoutes(app, deps);
  propertyRoutes(app, deps);
  unitRoutes(app, deps);
  employeeRoutes(app, deps);
  leadSourceRoutes(app, deps);
  eventTypeRoutes(app, deps);
  eventSubTypeRoutes(app, deps);
  eventResultRoutes(app, deps);
  leadRoutes(app, deps);
  applicantRoutes(app, deps);
  residentRoutes(app, deps);
  writeAdminRoutes(app, deps);
  syncRoutes(app, deps);
  webhookRoutes(app, deps);
  peopleRoutes(app, deps);
}
