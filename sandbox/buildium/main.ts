import { Command, InvalidArgumentError } from 'commander';
import { parseFaultFlags, startBuildiumSandbox, type DatasetSize } from './index.ts';

const integer = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(v);
};

const program = new Command('sandbox:buildium')
  .description('A Buildium-compatible API with a seeded account, fault injection and /__sandbox/ inspection')
  .option('--port <port>', 'port to listen on (0 = any free port)', integer, Number(process.env.BUILDIUM_SANDBOX_PORT ?? 4020))
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--seed <seed>', 'dataset seed', integer, 42)
  .option('--size <size>', 'dataset size: small | medium | large', (v) => {
    if (!['small', 'medium', 'large'].includes(v)) throw new InvalidArgumentError(`must be small, medium or large (got "${v}")`);
    return v;
  }, 'small')
  .option('--rate-limit <n>', 'requests per second per client before 429 (0 = off)', integer, 10)
  .option('--fault <spec>', "inject a fault, repeatable, e.g. 'CreateApplicantNote:drop,times=1' (see README)", (v: string, prev: string[]) => [...prev, v], [] as string[])
  .action(async (o: { port: number; host: string; seed: number; size: string; rateLimit: number; fault: string[] }) => {
    let faults;
    try {
      faults = parseFaultFlags(o.fault);
    } catch (e) {
      console.error((e as Error).message);
      process.exit(2);
    }
    const sandbox = await startBuildiumSandbox({ port: o.port, host: o.host, seed: o.seed, size: o.size as DatasetSize, rateLimitPerSecond: o.rateLimit, faults });
    const stop = (): void => void sandbox.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

await program.parseAsync();
