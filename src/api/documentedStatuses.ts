import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

/**
 * Which error statuses an operation can answer, from what it is: the same rules write
 * /openapi.json (plugins/openapi.ts) and, in tests, check every answer the app sends (a status the
 * document does not list is turned into a 500 naming it, so the suite that met it fails).
 */
export interface RouteShape {
  method: string;
  /** Fastify's path, e.g. /v1/events/:event_id */
  url: string;
  secured: boolean;
  /** Statuses the endpoint itself answers beyond the common ones (409, 503, …): route config `errors`. */
  extra?: readonly number[];
}

export const errorDescriptions: Record<number, string> = {
  400: 'invalid_request: a parameter or the body is not valid; details.issues names each field',
  401: 'unauthorized: the API key is missing, invalid or revoked',
  404: 'not_found: no such record (or it belongs to another account)',
  405: 'method_not_allowed: the path exists, not with this method (see the Allow header)',
  409: 'conflict: the state does not allow it (a sync already running, a write not retryable, an Idempotency-Key reused with another body)',
  413: 'payload_too_large: the body is over 1 MB',
  414: 'the URL is too long (a path parameter over 500 characters)',
  415: 'unsupported_media_type: send the body as application/json',
  429: 'rate_limited: too many requests for this API key; see Retry-After',
  503: 'unavailable: this server runs without a job queue, or is not ready',
};

export function errorStatuses(route: RouteShape): number[] {
  const out = new Set<number>([400]);
  if (route.secured) {
    out.add(401);
    out.add(429);
  }
  if (route.url.includes(':')) {
    out.add(404);
    out.add(414);
  }
  if (['POST', 'PUT', 'PATCH'].includes(route.method)) {
    out.add(413);
    out.add(415);
  }
  for (const s of route.extra ?? []) out.add(s);
  return [...out].sort((a, b) => a - b);
}

/** The route config key a route lists its own extra statuses under, e.g. config: { errors: [409, 503] }. */
export interface ErrorStatusConfig {
  errors?: readonly number[];
}

/**
 * In tests (LEASEWIRE_CHECK_DOCUMENTED_STATUSES=1): an answer whose status its operation does not
 * document becomes a 500 that says so. Unmatched paths (404/405 from the not-found handler) and
 * routes hidden from the document are not checked.
 */
export function checkDocumentedStatuses(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const options = request.routeOptions;
    const status = reply.statusCode;
    if (status < 400 || status === 500 || !options.url || request.is404) return done(null, payload);
    const schema = options.schema as { hide?: boolean; security?: unknown[] } | undefined;
    if (!schema || schema.hide) return done(null, payload);
    const route: RouteShape = {
      method: request.method === 'HEAD' ? 'GET' : request.method,
      url: options.url,
      secured: Array.isArray(schema.security) && schema.security.length > 0,
      extra: (options.config as ErrorStatusConfig | undefined)?.errors ?? [],
    };
    if (errorStatuses(route).includes(status)) return done(null, payload);
    const message = `${route.method} ${route.url} answered ${status}, which /openapi.json does not list for it: add it to the route's config.errors (src/api/documentedStatuses.ts). The answer was: ${String(payload).slice(0, 300)}`;
    reply.code(500);
    done(null, errorBody('undocumented_status', message));
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Error statuses this endpoint answers beyond the common ones (see errorStatuses). */
    errors?: readonly number[];
  }
}
