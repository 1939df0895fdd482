import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { AvailabilityQuery, CalendarTypeName } from '../../../connectors/connector.ts';
import { connectorFor } from '../../../connectors/registry.ts';
import { getIntegration } from '../../../store/repositories/integrations.ts';
import type { AppDeps } from '../../deps.ts';
import { ApiError, invalidRequest } from '../../errors.ts';
import { accountOf } from '../../plugins/auth.ts';
import { availabilityKey, cachedAvailability, rememberAvailability } from '../../../writes/availabilityCache.ts';
import { availabilityResponse } from './schemas.ts';

/** How long a live availability read waits for the PMS before answering 504 (a scheduler is waiting). */
export const AVAILABILITY_TIMEOUT_MS = 8_000;

export interface AvailabilityRouteSpec {
  path: string;
  summary: string;
  body: z.ZodObject;
  /** The vendor of a vendor-specific route: another PMS's integration is a 400 there. */
  vendor?: string;
  /** The generic body's default slot length (Propexo's generic default is 30; vendor bodies have none). */
  defaultDurationMinutes?: number;
}

interface Body {
  integration_id: string;
  property_id: string;
  availability_start_date: string;
  availability_duration_days: number;
  appointment_duration_minutes?: number;
  calendar_types?: CalendarTypeName[];
  employee_id?: string;
}

/**
 * The availability endpoints: a live read from the PMS through its connector (availability cannot
 * come from a sync), answered in Propexo's shape, kept a few seconds (cache.ts). The PMS failing is
 * a 502, the PMS not answering in time a 504, each saying what happened and what to do.
 */
export function availabilityRoute(app: FastifyInstance, deps: AppDeps, spec: AvailabilityRouteSpec): void {
  app.withTypeProvider<ZodTypeProvider>().post(spec.path, {
    // 502: the PMS failed; 504: it did not answer in time.
    config: { errors: [502, 504] },
    schema: { tags: ['Appointments'], summary: spec.summary, body: spec.body, response: { 200: availabilityResponse }, security: [{ bearerAuth: [] }] },
    handler: async (request) => {
      const body = request.body as unknown as Body;
      const accountId = accountOf(request);
      const integration = await getIntegration(deps.store.db, accountId, body.integration_id);
      if (!integration) {
        throw invalidRequest(`No integration "${body.integration_id}" exists for this API key's account. List them with GET /v1/admin/integrations/.`, [
          { code: 'custom', path: ['integration_id'], message: 'unknown integration' },
        ]);
      }
      if (spec.vendor && integration.vendor !== spec.vendor) {
        throw invalidRequest(`Integration ${integration.id} is a ${integration.vendor} integration; this endpoint is for ${spec.vendor}. Use POST /v1/appointment-availability/ or the ${integration.vendor.toLowerCase()} endpoint.`, [
          { code: 'custom', path: ['integration_id'], message: `not a ${spec.vendor} integration` },
        ]);
      }
      const connector = connectorFor(integration.vendor);
      const availability = connector?.availability;
      if (!connector || !availability) {
        throw new ApiError(400, 'invalid_request', `${integration.vendor} offers no appointment availability through Leasewire.`);
      }
      if (body.employee_id !== undefined && !availability.byEmployee) {
        throw invalidRequest(`${integration.vendor} availability is per property, not per employee: remove employee_id.`, [
          { code: 'custom', path: ['employee_id'], message: `${integration.vendor} has no employee calendars here` },
        ]);
      }
      const property = await deps.store.readDb
        .selectFrom('properties')
        .select(['x_id'])
        .where('integration_id', '=', integration.id)
        .where('id', '=', body.property_id)
        .executeTakeFirst();
      if (!property) {
        throw invalidRequest(`No property "${body.property_id}" exists in integration ${integration.id}. Use an id from GET /v1/properties/?integration_id=${integration.id}.`, [
          { code: 'custom', path: ['property_id'], message: 'unknown property' },
        ]);
      }
      const now = Date.now();
      const start = /^\d{4}-\d{2}-\d{2}$/.test(body.availability_start_date)
        ? body.availability_start_date
        : (DateTime.fromISO(body.availability_start_date, { setZone: true }).setZone(availability.zone).toISODate() ?? body.availability_start_date);
      const q: AvailabilityQuery = {
        integrationId: integration.id,
        propertyXId: property.x_id,
        startDate: start,
        days: body.availability_duration_days,
        durationMinutes: body.appointment_duration_minutes ?? spec.defaultDurationMinutes,
        calendarTypes: body.calendar_types,
        timeoutMs: deps.availabilityTimeoutMs ?? AVAILABILITY_TIMEOUT_MS,
        now,
      };
      const key = availabilityKey(q);
      let calendars = cachedAvailability(key, now);
      if (!calendars) {
        const credentials = connector.credentialsSchema.parse(JSON.parse(deps.sealer.open(integration.credentials)));
        const answer = await availability.query(credentials, q, { db: deps.store.db as never });
        if (!answer.ok) {
          throw answer.failure === 'timeout'
            ? new ApiError(504, 'pms_timeout', answer.message, { integration_id: integration.id })
            : new ApiError(502, 'pms_error', answer.message, { integration_id: integration.id });
        }
        calendars = answer.calendars;
        rememberAvailability(key, calendars, now);
      }
      const lastSeen = new Date(now).toISOString();
      // meta.job_id names this read (Propexo's envelope); no write job stands behind it.
      return { meta: { job_id: randomUUID() }, result: calendars.map((c) => ({ last_seen: lastSeen, ...c })) };
    },
  });
}
