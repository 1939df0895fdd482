import type { FastifyInstance } from 'fastify';
import { httpRequestDuration } from '../../observability/metrics.ts';
import { renderMetrics } from '../../observability/storeMetrics.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Prometheus metrics at /metrics (unauthenticated, like /healthz: expose the port to your scraper,
 * not the internet). Latency is labelled by route template, never the raw URL, so ids do not
 * multiply series; unmatched paths share one label.
 */
export function registerMetrics(app: FastifyInstance, { store }: AppDeps): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const { contentType, body } = await renderMetrics(store);
    return reply.type(contentType).send(body);
  });
}
