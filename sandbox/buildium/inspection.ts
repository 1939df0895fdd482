import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { counts } from './dataset/model.ts';
import { registerCommonInspection, sendError, validatedBody } from '../kit/inspection.ts';
import { faultConfigSchema } from './faults.ts';
import { addNote } from './routes/notes.ts';
import type { SandboxState } from './state.ts';
import { resetState } from './state.ts';

/** `/__sandbox/*`: JSON, no auth, errors as `{ "error": { "code", "message", "details"? } }` (../kit/inspection.ts). */
const JSON_MESSAGES = { empty: 'The body must be JSON.', invalid: 'The body must be JSON.' };

function parsed<T>(reply: FastifyReply, schema: z.ZodType<T>, raw: unknown): T | undefined {
  return validatedBody(reply, schema, raw, JSON_MESSAGES);
}

export interface SandboxInfo {
  baseUrl: string;
  clientId: string;
  secret: string;
  seed: number;
  size: string;
  rateLimitPerSecond: number;
  /** API requests served since the start or the last DELETE /__sandbox/requests (inspection not counted). */
  requestsServed: number;
  counts: Record<string, number>;
  /** Ids to try first: an applicant and a tenant that exist in every seed and size. */
  examples: { propertyId: number | null; applicantId: number | null; tenantId: number | null };
}

export function buildInfo(state: SandboxState, baseUrl: string): SandboxInfo {
  const d = state.dataset;
  return {
    baseUrl,
    clientId: state.clientId,
    secret: state.secret,
    seed: d.seed,
    size: d.size,
    rateLimitPerSecond: state.limiter.current(),
    requestsServed: state.recorder.total(),
    counts: counts(d),
    examples: { propertyId: d.rentals[0]?.id ?? null, applicantId: d.applicants[0]?.id ?? null, tenantId: d.tenants[0]?.id ?? null },
  };
}

const int = z.string().regex(/^\d+$/).transform(Number).optional();
const notesQuery = z.object({ applicantId: int, tenantId: int, origin: z.enum(['seed', 'api', 'inspection']).optional() });
const noteBody = z.union([
  z.strictObject({ applicantId: z.number().int(), note: z.string().min(1) }),
  z.strictObject({ tenantId: z.number().int(), note: z.string().min(1) }),
]);

export function registerInspection(app: FastifyInstance, state: SandboxState, baseUrl: () => string): void {
  app.get('/__sandbox/info', async () => buildInfo(state, baseUrl()));

  registerCommonInspection(app, state, {
    requestsQuery: z.object({ operationId: z.string().optional(), sinceId: int }),
    badRequestsQuery: 'Bad query: operationId is a string (full or short), sinceId an integer.',
    faultConfig: faultConfigSchema,
    jsonMessages: JSON_MESSAGES,
  });

  app.get('/__sandbox/rate-limit', async () => ({ perSecond: state.limiter.current() }));
  app.put('/__sandbox/rate-limit', async (req, reply) => {
    const body = parsed(reply, z.strictObject({ perSecond: z.number().int().min(0) }), req.body);
    if (body === undefined) return;
    state.limiter.configure(body.perSecond);
    return { perSecond: state.limiter.current() };
  });

  /** Notes, by owner or origin: `origin=api` lists what clients wrote. */
  app.get('/__sandbox/notes', async (req, reply) => {
    const q = notesQuery.safeParse(req.query);
    if (!q.success) return sendError(reply, 400, 'invalid_request', 'Bad query: applicantId and tenantId are integers; origin is seed|api|inspection.');
    const { applicantId, tenantId, origin } = q.data;
    const pick = (owner: 'applicant' | 'tenant', list: typeof state.dataset.applicantNotes, id: number | undefined) =>
      list.filter((n) => (id === undefined || n.ownerId === id) && (origin === undefined || n.origin === origin)).map((n) => ({ owner, ownerId: n.ownerId, origin: n.origin, updated: n.updated, ...n.message }));
    if (applicantId === undefined && tenantId === undefined && (origin === undefined || origin === 'seed')) {
      return sendError(reply, 400, 'invalid_request', 'Give applicantId, tenantId, or origin=api|inspection.');
    }
    return {
      notes: [
        ...(tenantId === undefined ? pick('applicant', state.dataset.applicantNotes, applicantId) : []),
        ...(applicantId === undefined ? pick('tenant', state.dataset.tenantNotes, tenantId) : []),
      ],
    };
  });
  /** A note written in Buildium's UI (not through the API), to exercise incremental syncs. */
  app.post('/__sandbox/notes', async (req, reply) => {
    const body = parsed(reply, noteBody, req.body);
    if (body === undefined) return;
    const d = state.dataset;
    if ('applicantId' in body) {
      if (!d.applicants.some((a) => a.id === body.applicantId)) return sendError(reply, 404, 'not_found', `No applicant ${body.applicantId}.`);
      return { note: addNote(state, d.applicantNotes, body.applicantId, body.note, 'inspection').message };
    }
    if (!d.tenants.some((t) => t.id === body.tenantId)) return sendError(reply, 404, 'not_found', `No tenant ${body.tenantId}.`);
    return { note: addNote(state, d.tenantNotes, body.tenantId, body.note, 'inspection').message };
  });

  app.post('/__sandbox/reset', async () => {
    resetState(state);
    return { reset: true, counts: counts(state.dataset) };
  });
}
