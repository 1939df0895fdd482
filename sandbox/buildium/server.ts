import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { holdOpen, sleep } from '../kit/lifecycle.ts';
import { errorStatus, sandboxApp } from '../kit/server.ts';
import { ApiFailure } from './errors.ts';
import { registerInspection } from './inspection.ts';
import type { RecordedRequest } from './recorder.ts';
import { noteOperations } from './routes/notes.ts';
import { peopleOperations } from './routes/people.ts';
import { phoneLogOperations } from './routes/phoneLogs.ts';
import { propertyOperations } from './routes/properties.ts';
import type { Operation } from './routes/types.ts';
import type { SandboxState } from './state.ts';

export const operations: readonly Operation[] = [...propertyOperations, ...peopleOperations, ...noteOperations, ...phoneLogOperations];

const JSON_TYPE = 'application/json; charset=utf-8';

function sendFailure(reply: FastifyReply, f: ApiFailure, headers: Record<string, string> = {}): void {
  void reply.code(f.status).headers(headers).header('content-type', JSON_TYPE).send(JSON.stringify(f.body()));
}

export function buildServer(state: SandboxState, baseUrl: () => string): FastifyInstance {
  // Bodies arrive as text so a wrong content type or malformed JSON is answered in Buildium's error shape.
  const app = sandboxApp(1024 * 1024);

  app.setErrorHandler((error: { statusCode?: number; message?: string }, _req, reply) => {
    const status = errorStatus(error);
    if (status === 500) console.error('[buildium-sandbox] unexpected error:', error);
    sendFailure(reply, new ApiFailure(status, status === 500 ? 'InternalServerError' : 'BadRequest', error.message ?? 'Error.'));
  });
  app.setNotFoundHandler((req, reply) => {
    sendFailure(reply, new ApiFailure(404, 'NotFound', `No resource at ${req.method} ${req.url.split('?')[0] ?? ''}. This sandbox serves the Buildium operations listed in its README under /v1/; inspection lives under /__sandbox/.`));
  });

  for (const op of operations) {
    app.route({
      method: op.method,
      url: op.path.replace(/\{(\w+)\}/g, ':$1'),
      handler: (req, reply) => handle(state, op, req, reply, baseUrl()),
    });
  }
  registerInspection(app, state, baseUrl);
  return app;
}

async function handle(state: SandboxState, op: Operation, req: FastifyRequest, reply: FastifyReply, baseUrl: string): Promise<void> {
  const [path = '', rawQuery = ''] = req.url.split(/\?(.*)/s);
  const query = new URLSearchParams(rawQuery);
  const entry: Omit<RecordedRequest, 'id'> = {
    receivedAt: new Date(state.now()).toISOString(),
    method: op.method,
    path,
    template: op.path,
    operationId: op.operationId,
    query: rawQuery,
    body: undefined,
    status: null,
    outcome: 'ok',
    faults: [],
  };
  const record = (status: number | null, outcome: RecordedRequest['outcome'], response?: unknown): void => {
    state.recorder.add({ ...entry, status, outcome, ...(state.recordResponses && response !== undefined ? { response } : {}) });
  };
  const fail = (status: number, outcome: RecordedRequest['outcome'], f: ApiFailure, headers: Record<string, string> = {}): void => {
    record(status, outcome, f.body());
    sendFailure(reply, f, headers);
  };

  const clientId = req.headers['x-buildium-client-id'];
  const secret = req.headers['x-buildium-client-secret'];
  if (clientId !== state.clientId || secret !== state.secret) {
    const missing = clientId === undefined || secret === undefined;
    return fail(401, 'error', new ApiFailure(401, 'Unauthorized', missing
      ? 'Send your API key in the x-buildium-client-id and x-buildium-client-secret headers (GET /__sandbox/info shows the sandbox\'s).'
      : 'The client id or secret is not valid. GET /__sandbox/info shows the sandbox\'s.'));
  }
  if (!state.limiter.admit(clientId)) {
    return fail(429, 'rate_limited', new ApiFailure(429, 'TooManyRequests', `More than ${state.limiter.current()} requests in one second: retry after a short interval (~200 ms).`));
  }

  let body: unknown;
  if (op.method === 'POST') {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(type)) {
      return fail(415, 'error', new ApiFailure(415, 'UnsupportedMediaType', 'Send the body as JSON with Content-Type: application/json.'));
    }
    try {
      body = JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch {
      return fail(400, 'error', new ApiFailure(400, 'BadRequest', 'The request body is not valid JSON.'));
    }
    entry.body = body;
  }

  const decision = state.faults.decide(op.operationId);
  entry.faults = decision.applied;
  if (decision.latencyMs > 0) await sleep(decision.latencyMs, state.closing.signal);
  const outcome = decision.outcome;
  if (outcome?.kind === 'hang') {
    record(null, 'hung');
    holdOpen(state, req.raw.socket);
    reply.hijack();
    return;
  }
  if (outcome?.kind === 'http') {
    const code = outcome.status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
    return fail(outcome.status, 'fault', new ApiFailure(outcome.status, code, `The sandbox injected HTTP ${outcome.status} (fault); nothing was changed.`));
  }
  if (outcome?.kind === 'throttle') {
    return fail(429, 'fault', new ApiFailure(429, 'TooManyRequests', 'Too many requests (sandbox fault): retry after a short interval.'), outcome.retryAfter === null ? {} : { 'retry-after': String(outcome.retryAfter) });
  }

  let result;
  try {
    result = op.handle({ state, params: req.params as Record<string, string>, query, body, baseUrl });
  } catch (e) {
    if (!(e instanceof ApiFailure)) throw e;
    return fail(e.status, 'error', e);
  }
  if (outcome?.kind === 'drop') {
    // The operation took effect; the client never learns it.
    record(null, 'dropped');
    reply.hijack();
    req.raw.socket.destroy();
    return;
  }
  record(result.status, 'ok', result.body);
  void reply
    .code(result.status)
    .headers(result.headers ?? {})
    .headers(result.total === undefined ? {} : { 'x-total-count': String(result.total) })
    .header('content-type', JSON_TYPE)
    .send(JSON.stringify(result.body));
}
