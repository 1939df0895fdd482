import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { CliIo } from '../io.ts';
import { runUntilStopped, stopSignal } from '../lifecycle.ts';
import { parsePort } from './serve.ts';

/** Jobs one `leasewire worker` runs at once unless told otherwise. */
export const DEFAULT_WORKER_CONCURRENCY = 8;

const parseConcurrency = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new InvalidArgumentError('must be a whole number from 1 to 256.');
  return n;
};

export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('Work write, sync and webhook-delivery jobs (and schedule syncs) without serving HTTP; run as many as you need against one PostgreSQL database. Stops gracefully on SIGTERM or SIGINT')
    .option('--concurrency <n>', 'jobs run at once by this process (jobs of one PMS application never overlap)', parseConcurrency, DEFAULT_WORKER_CONCURRENCY)
    .option('--metrics-port <port>', 'serve Prometheus /metrics (and /healthz) on this port (default: METRICS_PORT, else none)', parsePort)
    .action(async (opts: { concurrency: number; metricsPort?: number }) => {
      const config = loadConfig(io.env);
      const metricsPort = opts.metricsPort ?? (io.env.METRICS_PORT ? parsePort(io.env.METRICS_PORT) : undefined);
      const stopping = stopSignal();
      const [{ openRuntime }, { serveMetrics }] = await Promise.all([import('../../runtime/boot.ts'), import('../../observability/metricsServer.ts')]);
      await runUntilStopped(stopping, async (defer) => {
        const runtime = defer(await openRuntime(config, { longRunning: true, startWorker: true, workerConcurrency: opts.concurrency }), (r) => r.close());
        const metrics = metricsPort === undefined ? null : defer(await serveMetrics(runtime.store, { port: metricsPort, host: config.host, token: config.metricsToken }), (m) => m.close());
        io.out(`Leasewire worker running ${opts.concurrency} jobs at a time (${runtime.store.describe})${metrics ? `; metrics at ${metrics.url}/metrics` : ''}. Stop with SIGTERM or Ctrl-C.`);
        return (signal) => io.out(`${signal}: no new jobs; finishing running ones (jobs still running after a few seconds are released to other workers).`);
      });
    });
}
