import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { CliIo } from '../io.ts';
import { runUntilStopped, stopSignal } from '../lifecycle.ts';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a whole number from 0 to 65535 (0 picks a free port).');
  return port;
}

export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Run the API server (stops gracefully on SIGTERM or SIGINT)')
    .option('--port <port>', 'port to listen on (default: PORT, else 4000)', parsePort)
    .option('--host <host>', 'interface to listen on (default: HOST, else 127.0.0.1)')
    .option('--with-worker', 'also work write, sync and webhook-delivery jobs in this process')
    .action(async (opts: { port?: number; host?: string; withWorker?: boolean }) => {
      const config = loadConfig(io.env);
      const port = opts.port ?? config.port;
      const host = opts.host ?? config.host;
      const stopping = stopSignal();
      const [{ buildApp, redactedLogPaths }, { openRuntime }] = await Promise.all([import('../../api/app.ts'), import('../../runtime/boot.ts')]);
      await runUntilStopped(stopping, async (defer) => {
        const runtime = defer(await openRuntime(config, { longRunning: true, startWorker: opts.withWorker === true }), (r) => r.close());
        const app = defer(
          await buildApp(runtime.deps, { logger: { level: config.logLevel, redact: redactedLogPaths }, rateLimitPerMinute: config.rateLimitPerMinute, metricsToken: config.metricsToken }),
          (a) => a.close(),
        );
        const address = await app.listen({ port, host });
        io.out(`Leasewire API listening on ${address} (${runtime.store.describe}); API reference at ${address}/docs; dashboard at ${address}/dashboard`);
        return (signal) => app.log.info({ signal }, 'shutting down: no new requests, finishing in-flight ones and running jobs');
      });
    });
}
