import type { FastifyInstance } from 'fastify';
import { httpRequestDuration } from '../../observability/metrics.ts';
import { renderMetrics } from '../../observability/storeMetrics.ts';
import type { AppDeps } from '../deps.ts';

type Observer = { observe(value: number): void };

/**
 * Prometheus metrics at /metrics (unauthenticated, like /healthz: expose the port to your scraper,
 * not the internet). Latency is labelled by route template, never the raw URL, so ids do not
 * multiply series; unmatched paths share one label.
 */
export function registerMetrics(app: FastifyInstance, { store }: AppDeps): void {
  // The histogram child of each (route, method, status) is looked up once: resolving labels on
  // every request is a measurable share of a point read.
  const observers = new Map<string, Observer>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = httpRequestDuration.labels({ route, method: request.method, status: String(reply.statusCode) });
      observers.set(key, observer);
    }
    observer.observe(reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const { contentType, body } = await renderMetrics(store);
    return reply.type(contentType).send(body);
  });
}
