import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { pendingMigrations } from '../store/migrate.ts';
import type { AppDeps } from './deps.ts';
import { checkDocumentedStatuses } from './documentedStatuses.ts';
import { errorBody, registerErrorHandling } from './errors.ts';
import { noBodyAsUndefined, registerJsonBodyParser } from './jsonBody.ts';
import { trackRouteMethods } from './methodNotAllowed.ts';
import { registerGate } from './plugins/auth.ts';
import { refusingNul } from './nulGuard.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerRoutes } from './routes/index.ts';
import { registerDashboard } from '../dashboard/plugin.ts';
import { useZodMessages } from './zodMessages.ts';
import { redactUrl } from '../observability/redactUrl.ts';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Requests per minute per API key (Propexo's default is 150). */
  rateLimitPerMinute?: number;
  /** METRICS_TOKEN: when set, /metrics needs it as a bearer token. */
  metricsToken?: string | undefined;
}

/** Paths whose values must never reach a log line. */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  '*.headers.authorization',
  // PMS credentials at the top of a log object, one level down ({ body: … }) and inside a request.
  'password',
  'apiKey',
  'credentials',
  'secret',
  '*.password',
  '*.apiKey',
  '*.credentials',
  '*.secret',
  'req.body.credentials',
  'request.body.credentials',
];

/**
 * How a request appears in a log line: Fastify's fields, with the URL's secret-looking query
 * parameters (an API key sent as ?api_key=lw_…) redacted.
 */
export const logSerializers = {
  req(req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
    return { method: req.method, url: redactUrl(req.url ?? ''), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
  },
};

/** The app's logger options: the URL-redacting serializers unless the caller brought its own. */
function withLogSerializers(logger: AppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...logSerializers, ...options.serializers } };
}

/** Why this process should not get traffic yet, or null when it is ready. */
async function notReadyReason({ store }: AppDeps): Promise<string | null> {
  await sql`select 1`.execute(store.db);
  const pending = await pendingMigrations(store.db, store.pgSchema);
  return pending.length ? `database migrations are pending (${pending.join(', ')}); run \`leasewire migrate\` or restart` : null;
}

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withLogSerializers(options.logger),
    bodyLimit: 1024 * 1024,
    // Propexo's paths end in a slash (/v1/events/); clients send both forms.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // The router's own errors (a broken %-escape, an over-long path parameter) skip the error handler.
    frameworkErrors: (err, _request, reply) => {
      const [status, message] =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? [414, 'A path parameter is longer than 500 characters; check the id in the URL.']
          : err.code === 'FST_ERR_BAD_URL'
            ? [400, 'The URL is malformed: encode ids and query values with encodeURIComponent (a "%" must start an escape such as %25).']
            : [500, 'Leasewire hit an unexpected error routing the request. Try again, and report it if it persists.'];
      void (reply as FastifyReply).code(status).type('application/json; charset=utf-8').send(errorBody(status === 500 ? 'internal_error' : 'invalid_request', message));
    },
  });
  const allowedMethods = trackRouteMethods(app);
  registerJsonBodyParser(app);
  useZodMessages();
  app.setValidatorCompiler(noBodyAsUndefined(refusingNul(validatorCompiler)));
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app, allowedMethods);
  registerMetrics(app, deps, options.metricsToken);
  registerGate(app, deps.store.db, {
    rateLimitPerMinute: options.rateLimitPerMinute ?? 150,
    activity: deps.activity,
    // PostgreSQL deployments run many API processes: a key's budget is theirs together.
    sharedBudget: deps.store.dialect === 'postgres',
  });
  await registerOpenApi(app);

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => reply.type('application/json').send('{"status":"ok"}'));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const reason = await notReadyReason(deps).catch((err: unknown) => {
      request.log.warn({ err }, 'readiness check failed');
      return `the database is not reachable (${err instanceof Error ? err.message : String(err)}); check DATABASE_URL and that the server is up`;
    });
    if (reason) return reply.code(503).type('application/json; charset=utf-8').send(errorBody('not_ready', reason));
    return reply.type('application/json').send('{"status":"ready"}');
  });
  // An empty ?limit= means the default, as an empty ?offset= does (a form or template left it blank).
  app.addHook('preValidation', (request, _reply, done) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (query?.limit === '') delete query.limit;
    done();
  });
  registerRoutes(app, deps);
  registerDashboard(app);
  // The test suites run with this set: an answer /openapi.json does not document fails them.
  if (process.env.LEASEWIRE_CHECK_DOCUMENTED_STATUSES === '1') checkDocumentedStatuses(app);

  // Fastify's own bodies for errors it answers itself (a stray non-JSON error) get the documented
  // shape. A callback hook with a fast path: it runs on every response.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode >= 400 && typeof payload === 'string' && !payload.startsWith('{"error"')) {
      reply.type('application/json; charset=utf-8');
      done(null, errorBody(reply.statusCode === 404 ? 'not_found' : 'invalid_request', payload || 'request failed'));
      return;
    }
    done(null, payload);
  });
  return app;
}
