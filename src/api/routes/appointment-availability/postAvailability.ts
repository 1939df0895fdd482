import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { availabilityRoute } from './availabilityRoute.ts';
import { genericAvailabilityBody } from './schemas.ts';

/** POST /v1/appointment-availability/ — any PMS whose connector offers availability. */
export function postAvailability(app: FastifyInstance, deps: AppDeps): void {
  availabilityRoute(app, deps, { path: '/v1/appointment-availability', summary: 'Query realtime appointment availability', body: genericAvailabilityBody, defaultDurationMinutes: 30 });
}
