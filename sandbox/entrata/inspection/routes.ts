import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { registerCommonInspection, sendError, validatedBody } from '../../kit/inspection.ts';
import { faultConfigSchema } from '../faults.ts';
import { buildInfo } from '../info.ts';
import type { SandboxState } from '../state.ts';
import { resetState } from '../state.ts';
import { calendarView } from './calendarView.ts';
import { plainEvent, queryEvents } from './eventsView.ts';
import { applyMutation, mutationsBodySchema, MutationError } from './mutations.ts';

/** `/__sandbox/*`: JSON, no auth. Errors are `{ "error": { "code", "message", "details"? } }` (../../kit/inspection.ts). */

const JSON_MESSAGES = { empty: 'Request body is empty; expected JSON.', invalid: 'Request body is not valid JSON.' };

function validated<T>(reply: FastifyReply, schema: z.ZodType<T>, raw: unknown): T | undefined {
  return validatedBody(reply, schema, raw, JSON_MESSAGES);
}

const optionalInt = z.string().regex(/^\d+$/).transform(Number).optional();
const requestsQuery = z.object({ service: z.string().optional(), method: z.string().optional(), outcome: z.string().optional(), sinceId: optionalInt });
const isoInstant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO instant').transform((v) => Date.parse(v)).optional();
const calendarQuery = z.object({ from: isoInstant, to: isoInstant });
const eventsQuery = z.object({
  applicationId: optionalInt,
  eventId: optionalInt,
  typeId: optionalInt,
  origin: z.enum(['seed', 'api', 'mutation']).optional(),
});

export function registerInspection(app: FastifyInstance, state: SandboxState, url: () => string): void {
  app.get('/__sandbox/info', async () => buildInfo(state.dataset, url(), state.profile));

  registerCommonInspection(app, state, {
    requestsQuery,
    badRequestsQuery: 'Bad query: service, method, outcome are strings; sinceId an integer.',
    faultConfig: faultConfigSchema,
    jsonMessages: JSON_MESSAGES,
  });

  app.get('/__sandbox/rate-limits', async () => ({ rateLimits: state.limiter.current() }));
  app.put('/__sandbox/rate-limits', async (req, reply) => {
    const config = validated(reply, z.record(z.string().regex(/^(\*|[a-z]+)$/, 'keys are service names or "*"'), z.string()), req.body);
    if (config === undefined) return;
    try {
      state.limiter.configure(config);
    } catch (e) {
      return sendError(reply, 400, 'invalid_request', (e as Error).message);
    }
    return { rateLimits: state.limiter.current() };
  });

  app.get('/__sandbox/events', async (req, reply) => {
    const q = eventsQuery.safeParse(req.query);
    if (!q.success) return sendError(reply, 400, 'invalid_request', 'Bad query: applicationId, eventId, typeId are integers; origin is seed|api|mutation.');
    const { applicationId, eventId, origin } = q.data;
    if (applicationId === undefined && eventId === undefined && (origin === undefined || origin === 'seed')) {
      return sendError(reply, 400, 'invalid_request', 'Give applicationId, eventId, or origin=api|mutation.');
    }
    return { events: queryEvents(state.dataset, q.data).map(plainEvent) };
  });

  app.post('/__sandbox/mutations', async (req, reply) => {
    const operations = validated(reply, mutationsBodySchema, req.body);
    if (operations === undefined) return;
    const results: Record<string, unknown>[] = [];
    for (const [i, m] of operations.entries()) {
      try {
        results.push(applyMutation(state.dataset, m, state.now()));
      } catch (e) {
        if (!(e instanceof MutationError)) throw e;
        const code = e.status === 404 ? 'not_found' : e.status === 409 ? 'conflict' : 'invalid_request';
        // Earlier operations of the batch stay applied; say which one failed.
        return sendError(reply, e.status, code, `operations[${i}] (${m.op}): ${e.message}`, { applied: results });
      }
    }
    return { results };
  });

  app.get('/__sandbox/calendars/:propertyId', async (req, reply) => {
    const params = z.object({ propertyId: z.string().regex(/^\d+$/).transform(Number) }).safeParse(req.params);
    const q = calendarQuery.safeParse(req.query);
    if (!params.success || !q.success) return sendError(reply, 400, 'invalid_request', 'Bad request: the property id is an integer; from and to are ISO instants (default: now and 7 days on).');
    const view = calendarView(state.dataset, params.data.propertyId, q.data.from ?? state.now(), q.data.to ?? state.now() + 7 * 86_400_000, state.now());
    if (!view) return sendError(reply, 404, 'not_found', `No property ${params.data.propertyId}; see /__sandbox/info for the property ids.`);
    return view;
  });

  app.post('/__sandbox/reset', async () => {
    resetState(state);
    return { reset: true, counts: state.dataset.counts() };
  });
}
