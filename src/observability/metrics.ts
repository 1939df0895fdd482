import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process-wide Prometheus registry. Everything a process measures about itself lands here (HTTP
 * in the API, jobs and PMS calls wherever a worker runs); gauges read from the shared database are
 * added per scrape by the /metrics endpoint (src/api/plugins/metrics.ts), so every process reports
 * the same queue depth and sync lag whichever one is scraped.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequestDuration = new Histogram({
  name: 'leasewire_http_request_duration_seconds',
  help: 'HTTP request latency by route template, method and status code',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
});

export const jobLatency = new Histogram({
  name: 'leasewire_job_latency_seconds',
  help: 'Time from a job being accepted (enqueued) to its last run finishing, retries included',
  labelNames: ['task', 'outcome'] as const,
  buckets: [...latencyBuckets, 60, 300, 1800],
  registers: [metricsRegistry],
});

export const jobRuns = new Counter({
  name: 'leasewire_job_runs_total',
  help: 'Job runs in this process by task and outcome (done, retry, released)',
  labelNames: ['task', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const pmsCallDuration = new Histogram({
  name: 'leasewire_pms_call_duration_seconds',
  help: 'Latency of calls to a PMS by vendor, service and method (every attempt counts)',
  labelNames: ['vendor', 'service', 'method'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
});

export const pmsCallErrors = new Counter({
  name: 'leasewire_pms_call_errors_total',
  help: 'Failed calls to a PMS by vendor, service, method and error kind',
  labelNames: ['vendor', 'service', 'method', 'kind'] as const,
  registers: [metricsRegistry],
});

/** One finished call to a PMS, as a connector's client reports it. */
export interface PmsCall {
  vendor: string;
  service: string;
  method: string;
  durationMs: number;
  /** Absent on success; otherwise what failed (e.g. network, http, envelope, rate_limited). */
  error?: string;
}

/** The hook a connector's client calls after every attempt (default observer of EntrataClient). */
export function observePmsCall(call: PmsCall): void {
  const labels = { vendor: call.vendor, service: call.service, method: call.method };
  pmsCallDuration.observe(labels, call.durationMs / 1000);
  if (call.error) pmsCallErrors.inc({ ...labels, kind: call.error });
}
