import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { CliIo } from '../io.ts';
import { parsePort, stopSignal } from './serve.ts';

const parseConcurrency = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new InvalidArgumentError('must be a whole number from 1 to 256.');
  return n;
};

export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('Work write and sync jobs (and schedule syncs) without serving HTTP; run as many as you need against one PostgreSQL database. Stops gracefully on SIGTERM or SIGINT')
    .option('--concurrency <n>', 'jobs run at once by this process (jobs of one PMS application never overlap)', parseConcurrency, 8)
    .option('--metrics-port <port>', 'serve Prometheus /metrics (and /healthz) on this port (default: METRICS_PORT, else none)', parsePort)
    .action(async (opts: { concurrency: number; metricsPort?: number }) => {
      const config = loadConfig(io.env);
      const metricsPort = opts.metricsPort ?? (io.env.METRICS_PORT ? parsePort(io.env.METRICS_PORT) : undefined);
      const stopping = stopSignal();
      const [{ openRuntime }, { serveMetrics }] = await Promise.all([import('../../runtime/boot.ts'), import('../../observability/metricsServer.ts')]);
      const runtime = await openRuntime(config, { startWorker: true, workerConcurrency: opts.concurrency });
      try {
        const metrics = metricsPort === undefined ? null : await serveMetrics(runtime.store, { port: metricsPort, host: config.host });
        try {
          io.out(`Leasewire worker running ${opts.concurrency} jobs at a time (${runtime.store.describe})${metrics ? `; metrics at ${metrics.url}/metrics` : ''}. Stop with SIGTERM or Ctrl-C.`);
          const signal = await stopping;
          io.out(`${signal}: no new jobs; finishing running ones (jobs still running after a few seconds are released to other workers).`);
        } finally {
          await metrics?.close();
        }
      } finally {
        await runtime.close();
      }
    });
}
