import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { hashApiKey } from '../store/repositories/accounts.ts';
import type { AppDeps } from './deps.ts';
import { errorBody, registerErrorHandling } from './errors.ts';
import { bearerToken, registerAuth } from './plugins/auth.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerRoutes } from './routes/index.ts';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Requests per minute per API key (Propexo's default is 150). */
  rateLimitPerMinute?: number;
}

/** Paths whose values must never reach a log line. */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  '*.password',
  '*.apiKey',
  '*.credentials',
  '*.secret',
];

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Propexo's paths end in a slash (/v1/events/); clients send both forms.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitPerMinute ?? 150,
    timeWindow: 60_000,
    // One budget per API key (hashed: the limiter's memory never holds a secret); per address otherwise.
    keyGenerator: (request) => {
      const token = bearerToken(request);
      return token ? `key:${hashApiKey(token)}` : `ip:${request.ip}`;
    },
    allowList: (request) => !request.url.startsWith('/v1/'),
    addHeadersOnExceeding: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true },
    addHeaders: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': true,
      'x-ratelimit-reset': true,
      'retry-after': true,
    },
    errorResponseBuilder: (_request, context) => {
      const err = new Error(
        `Rate limit exceeded: ${context.max} requests per minute for this API key. Retry after ${context.after}.`,
      ) as Error & { statusCode: number };
      err.statusCode = 429;
      return err;
    },
  });

  registerAuth(app, deps.store.db);
  await registerOpenApi(app);

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => reply.type('application/json').send('{"status":"ok"}'));
  registerRoutes(app, deps);

  app.addHook('onSend', async (_request, reply, payload) => {
    // Fastify's own 404/415 bodies for unmatched content types are already handled by our handlers;
    // this keeps any stray non-JSON error in the documented shape.
    if (reply.statusCode >= 400 && typeof payload === 'string' && !payload.startsWith('{"error"')) {
      reply.type('application/json; charset=utf-8');
      return errorBody(reply.statusCode === 404 ? 'not_found' : 'invalid_request', payload || 'request failed');
    }
    return payload;
  });
  return app;
}
