import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';

/**
 * A Fastify app as both sandboxes run it: no logger; every body arrives as text whatever its
 * content type, so the sandbox answers a malformed one in its PMS's own error shape; open
 * connections (hung ones included) are cut on close instead of being waited for.
 */
export function sandboxApp(bodyLimit: number): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit, forceCloseConnections: true, return503OnClosing: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  return app;
}

/** The status an error thrown in a handler answers: its own 4xx (a client's mistake), else 500. */
export function errorStatus(error: { statusCode?: number }): number {
  return typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
}
