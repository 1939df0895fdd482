import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { CliIo } from '../io.ts';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a whole number from 0 to 65535 (0 picks a free port).');
  return port;
}

/**
 * Resolves when the process is asked to stop (SIGTERM from an orchestrator, SIGINT from Ctrl-C).
 * Under `npm start` a Ctrl-C reaches this process twice (from the terminal and relayed by tsx), so
 * a repeat within 2 s is ignored; a later one means "stop now" and exits at once.
 */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first = 0;
    const on = (signal: NodeJS.Signals) => {
      if (first === 0) {
        first = Date.now();
        resolve(signal);
      } else if (Date.now() - first > 2000) {
        process.stderr.write(`${signal} again: exiting now; running jobs are taken over by a worker once their lock expires.\n`);
        process.exit(130);
      }
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Run the API server (stops gracefully on SIGTERM or SIGINT)')
    .option('--port <port>', 'port to listen on (default: PORT, else 4000)', parsePort)
    .option('--host <host>', 'interface to listen on (default: HOST, else 127.0.0.1)')
    .option('--with-worker', 'also work write and sync jobs in this process')
    .action(async (opts: { port?: number; host?: string; withWorker?: boolean }) => {
      const config = loadConfig(io.env);
      const port = opts.port ?? config.port;
      const host = opts.host ?? config.host;
      const stopping = stopSignal();
      const [{ buildApp, redactedLogPaths }, { openRuntime }] = await Promise.all([import('../../api/app.ts'), import('../../runtime/boot.ts')]);
      const runtime = await openRuntime(config, { startWorker: opts.withWorker === true });
      try {
        const app = await buildApp(runtime.deps, {
          logger: { level: config.logLevel, redact: redactedLogPaths },
          rateLimitPerMinute: config.rateLimitPerMinute,
        });
        try {
          const address = await app.listen({ port, host });
          io.out(`Leasewire API listening on ${address} (${runtime.store.describe}); API reference at ${address}/docs`);
          const signal = await stopping;
          app.log.info({ signal }, 'shutting down: no new requests, finishing in-flight ones and running jobs');
        } finally {
          await app.close();
        }
      } finally {
        await runtime.close();
      }
    });
}
