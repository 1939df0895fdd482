import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';

/** `/__sandbox/*` answers errors as `{ "error": { "code", "message", "details"? } }`. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown): void {
  void reply.code(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** What to answer when an inspection body is empty or not JSON. */
export interface JsonBodyMessages {
  empty: string;
  invalid: string;
}

/**
 * The body (received as text) parsed as JSON and checked by `schema`; on failure a 400 has been
 * sent, naming the first issue (all of them in `details.issues`), and the result is undefined.
 */
export function validatedBody<T>(reply: FastifyReply, schema: z.ZodType<T>, raw: unknown, messages: JsonBodyMessages): T | undefined {
  const text = typeof raw === 'string' ? raw : '';
  let value: unknown;
  if (text.trim() === '') {
    sendError(reply, 400, 'invalid_request', messages.empty);
    return undefined;
  }
  try {
    value = JSON.parse(text);
  } catch {
    sendError(reply, 400, 'invalid_request', messages.invalid);
    return undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    const first = issues[0];
    sendError(reply, 400, 'invalid_request', first ? `${first.path || '(body)'}: ${first.message}` : 'Invalid body.', { issues });
    return undefined;
  }
  return parsed.data;
}

export interface InspectedLog<Q> {
  list(filter: Q): unknown[];
  clear(): void;
}

export interface InspectedFaults<C> {
  snapshot(): unknown;
  set(config: C): void;
  clear(): void;
}

/** The parts of a sandbox's state these routes read and change. */
export interface Inspected<Q, C> {
  readonly recorder: InspectedLog<Q>;
  readonly faults: InspectedFaults<C>;
}

export interface CommonInspection<Q, C> {
  /** The query of GET /__sandbox/requests, and what to say when it is wrong. */
  requestsQuery: z.ZodType<Q>;
  badRequestsQuery: string;
  /** The body of PUT /__sandbox/faults. */
  faultConfig: z.ZodType<C>;
  jsonMessages: JsonBodyMessages;
}

/**
 * The routes every sandbox has: GET/DELETE /__sandbox/requests (the request log) and
 * GET/PUT/DELETE /__sandbox/faults (the injected fault rules and their counters).
 */
export function registerCommonInspection<Q, C>(app: FastifyInstance, state: Inspected<Q, C>, parts: CommonInspection<Q, C>): void {
  const { recorder, faults } = state;
  app.get('/__sandbox/requests', async (req, reply) => {
    const q = parts.requestsQuery.safeParse(req.query);
    if (!q.success) return sendError(reply, 400, 'invalid_request', parts.badRequestsQuery);
    return { requests: recorder.list(q.data) };
  });
  app.delete('/__sandbox/requests', async () => {
    recorder.clear();
    return { cleared: true };
  });

  app.get('/__sandbox/faults', async () => faults.snapshot());
  app.put('/__sandbox/faults', async (req, reply) => {
    const config = validatedBody(reply, parts.faultConfig, req.body, parts.jsonMessages);
    if (config === undefined) return;
    faults.set(config);
    return faults.snapshot();
  });
  app.delete('/__sandbox/faults', async () => {
    faults.clear();
    return faults.snapshot();
  });
}
