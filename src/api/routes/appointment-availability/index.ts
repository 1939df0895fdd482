import type { FastifyInstance } from 'fastify';
import { connectorFor, supportedVendors } from '../../../connectors/registry.ts';
import type { AppDeps } from '../../deps.ts';
import { availabilityRoute } from './availabilityRoute.ts';
import { postAvailability } from './postAvailability.ts';
import { vendorAvailabilityBody } from './schemas.ts';

export function appointmentAvailabilityRoutes(app: FastifyInstance, deps: AppDeps): void {
  postAvailability(app, deps);
  // POST /v1/appointment-availability/{vendor}/ for every connector that offers availability.
  for (const vendor of supportedVendors()) {
    const connector = connectorFor(vendor);
    if (!connector?.availability) continue;
    availabilityRoute(app, deps, {
      path: `/v1/appointment-availability/${vendor.toLowerCase()}`,
      summary: `Query realtime appointment availability in ${connector.displayName}`,
      body: vendorAvailabilityBody,
      vendor,
    });
  }
}
