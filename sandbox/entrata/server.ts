import { errorStatus, sandboxApp } from '../kit/server.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorEnvelope } from './envelope.ts';
import { handleRpc, JSON_CONTENT_TYPE } from './gateway.ts';
import { registerInspection } from './inspection/routes.ts';
import type { SandboxState } from './state.ts';

const BODY_LIMIT = 10 * 1024 * 1024;

const isGatewayPath = (url: string): boolean => url.startsWith('/api/') || url.startsWith('/ext/');

export function buildServer(state: SandboxState, url: () => string): FastifyInstance {
  // Bodies arrive as text whatever the content type (Entrata clients send any casing, or none),
  // so malformed JSON becomes an envelope 400 instead of Fastify's own error.
  const app = sandboxApp(BODY_LIMIT);

  app.setErrorHandler((error: { statusCode?: number; message?: string }, req: FastifyRequest, reply) => {
    const status = errorStatus(error);
    if (status === 500) console.error('[entrata-sandbox] unexpected error:', error);
    if (isGatewayPath(req.url)) {
      const code = status === 500 ? 500 : 400;
      void reply.code(200).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(errorEnvelope('', code, error.message ?? 'Bad request.')));
      return;
    }
    void reply.code(status).send({ error: { code: status === 500 ? 'internal' : 'invalid_request', message: error.message ?? 'Error.' } });
  });

  app.setNotFoundHandler((req, reply) => {
    const message =
      `No route for ${req.method} ${req.url.split('?')[0] ?? ''}. Entrata calls are POST /api/v1/{service} or ` +
      'POST /ext/orgs/{subdomain}/v1/{service}; the inspection API lives under /__sandbox/.';
    if (isGatewayPath(req.url)) {
      void reply.code(404).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(errorEnvelope('', 404, message)));
      return;
    }
    void reply.code(404).send({ error: { code: 'not_found', message } });
  });

  app.post('/api/v1/:service', (req, reply) => handleRpc(state, req, reply, 'basic'));
  app.post('/api/:service', (req, reply) => handleRpc(state, req, reply, 'legacy'));
  app.post('/ext/orgs/:subdomain/v1/:service', (req, reply) => handleRpc(state, req, reply, 'apikey'));
  registerInspection(app, state, url);
  return app;
}
