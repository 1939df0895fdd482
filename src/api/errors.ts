import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/**
 * Every error leaves the API as { error: { code, message, details } } (Propexo's errorResponse),
 * with a message that says what was wrong and how to fix it.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface Issue {
  code: string;
  path: Array<string | number>;
  message: string;
  [key: string]: unknown;
}

export function invalidRequest(message: string, issues: Issue[]): ApiError {
  return new ApiError(400, 'invalid_request', message, { issues, name: 'ZodError' });
}

export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, 'not_found', `No ${what} with id "${id}" exists for this API key's account. Check the id, or list them to find it.`);
}

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}): string {
  return JSON.stringify({ error: { code, message, details } });
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, details: Record<string, unknown> = {}) {
  return reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, message, details));
}

function describeIssues(issues: Issue[], where: string): string {
  const first = issues[0];
  if (!first) return `The request ${where} is invalid.`;
  // An issue of the whole query or body (an unknown name) names its keys in the message itself.
  const path = first.path.length ? `${first.path.join('.')}: ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''} in details.issues)` : '';
  return `Invalid ${where}: ${path}${first.message}${more}`;
}

/** A query parameter as the client sent it (the query is left unparsed when validation fails). */
function queryValue(request: FastifyRequest, name: string | number | undefined): unknown {
  const query = request.query;
  return query && typeof query === 'object' && name !== undefined ? (query as Record<string, unknown>)[String(name)] : undefined;
}

/** allowedMethods names the methods a path answers, so a wrong method is a 405 with Allow. */
export function registerErrorHandling(app: FastifyInstance, allowedMethods?: (path: string) => string[]): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof ApiError) return sendError(reply, err.statusCode, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const inQuery = err.validationContext === 'querystring';
      const where = inQuery ? 'query string' : (err.validationContext ?? 'request');
      const issues: Issue[] = err.validation.map((v) => {
        const path = v.instancePath.split('/').filter(Boolean).map((p: string) => (/^\d+$/.test(p) ? Number(p) : p));
        // ?limit=10&limit=20 reaches the schema as a list (or, coerced, as NaN): say what happened.
        const repeated = inQuery && path.length === 1 && v.keyword === 'invalid_type' && Array.isArray(queryValue(request, path[0]));
        return { ...(v.params as Record<string, unknown>), code: v.keyword, path, message: repeated ? 'is given more than once; send it once' : (v.message ?? 'invalid value') };
      });
      if (err.validationContext === 'body' && (request.body === undefined || request.body === null)) {
        return sendError(reply, 400, 'invalid_request', 'This endpoint needs a JSON object body and none was sent: send one with Content-Type: application/json (see /docs for its fields).', {
          issues: [{ code: 'invalid_type', path: [], expected: 'object', message: 'a JSON object body is required' }],
          name: 'ZodError',
        });
      }
      return sendError(reply, 400, 'invalid_request', describeIssues(issues, where), { issues, name: 'ZodError' });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, 415, 'unsupported_media_type', 'Send the request body as JSON with the header Content-Type: application/json.');
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return sendError(reply, 400, 'invalid_request', 'The body is empty but Content-Type says JSON: send a JSON object, or drop the Content-Type header.', { issues: [] });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, 413, 'payload_too_large', 'The request body is too large; send at most 1 MB.');
    }
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendError(reply, 400, 'invalid_request', `The body is not valid JSON: ${err.message}`, {
        issues: [{ code: 'invalid_json', path: [], message: err.message }],
      });
    }
    if (err.statusCode === 429) {
      return sendError(reply, 429, 'rate_limited', err.message);
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, err.statusCode, 'invalid_request', err.message);
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 500, 'internal_error', 'Leasewire hit an unexpected error; it was logged. Try again, and report it if it persists.');
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = allowedMethods?.(path).filter((m) => m !== request.method) ?? [];
    if (allowed.length > 0) {
      void reply.header('allow', allowed.join(', '));
      return sendError(reply, 405, 'method_not_allowed', `${path} does not take ${request.method}; it takes ${allowed.join(', ')}. The API reference is at /docs.`);
    }
    return sendError(reply, 404, 'not_found', `No endpoint ${request.method} ${path}. The API reference is at /docs.`);
  });
}
