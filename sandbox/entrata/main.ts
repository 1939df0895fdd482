import { Command, InvalidArgumentError } from 'commander';
import type { DatasetSize } from './index.ts';
import { parseFaultFlags, parseRateLimitFlags, startSandbox } from './index.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const integer = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
};

const program = new Command()
  .name('entrata-sandbox')
  .description('Entrata-compatible API server with a seeded dataset, fault injection and an inspection API (/__sandbox/).')
  .option('--port <port>', 'port to listen on (0 = any free port)', integer, 4010)
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--seed <seed>', 'dataset seed', integer, 42)
  .option('--size <size>', 'dataset size: small | medium | large', 'small')
  .option('--fault <spec>', "inject a fault, repeatable, e.g. 'leads/updateLeads:http=503,rate=0.2' (see README)", collect, [])
  .option('--rate-limit <spec>', "per-service limits, repeatable, e.g. 'leads=5/MINUTE' or '*=100/MINUTE;1000/HOUR'", collect, [])
  .option('--max-recorded <n>', 'requests kept by /__sandbox/requests', integer, 10_000);

program.parse();
const opts = program.opts<{
  port: number;
  host: string;
  seed: number;
  size: string;
  fault: string[];
  rateLimit: string[];
  maxRecorded: number;
}>();

if (!['small', 'medium', 'large'].includes(opts.size)) program.error(`--size must be small, medium or large (got "${opts.size}")`);

try {
  const sandbox = await startSandbox({
    port: opts.port,
    host: opts.host,
    seed: opts.seed,
    size: opts.size as DatasetSize,
    faults: parseFaultFlags(opts.fault),
    rateLimits: parseRateLimitFlags(opts.rateLimit),
    maxRecordedRequests: opts.maxRecorded,
  });
  const stop = (signal: string): void => {
    console.log(`\n${signal}: closing the Entrata sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  console.error(`entrata-sandbox: ${(e as Error).message}`);
  process.exit(1);
}
