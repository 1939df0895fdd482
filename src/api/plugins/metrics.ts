import type { FastifyInstance } from 'fastify';
import { httpRequestDuration } from '../../observability/metrics.ts';
import { metricsRefusal } from '../../observability/metricsAuth.ts';
import { renderMetrics } from '../../observability/storeMetrics.ts';
import { errorBody } from '../errors.ts';
import type { AppDeps } from '../deps.ts';

type Observer = { observe(value: number): void };

/**
 * Prometheus metrics at /metrics: open like /healthz (expose the port to your scraper, not the
 * internet) unless METRICS_TOKEN is set, then only for "Authorization: Bearer <token>". Latency is labelled by route template, never the raw URL, so ids do not
 * multiply series; unmatched paths share one label.
 */
export function registerMetrics(app: FastifyInstance, { store }: AppDeps, token?: string): void {
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
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const refused = metricsRefusal(token, request.headers.authorization);
    if (refused) return reply.code(401).type('application/json; charset=utf-8').send(errorBody('unauthorized', refused));
    const { contentType, body } = await renderMetrics(store);
    return reply.type(contentType).send(body);
  });
}
