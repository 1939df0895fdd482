import { Command } from 'commander';
import { addSandboxOptions, sandboxStartOptions, type SandboxFlags } from './cli.ts';
import { startSandbox } from './index.ts';

const program = addSandboxOptions(
  new Command()
    .name('entrata-sandbox')
    .description('Entrata-compatible API server with a seeded dataset, fault injection and an inspection API (/__sandbox/).'),
);

program.parse();
const opts = program.opts<SandboxFlags>();

try {
  const sandbox = await startSandbox(sandboxStartOptions(opts));
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
