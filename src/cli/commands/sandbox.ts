import type { Command } from 'commander';
import type { SandboxFlags } from '../../../sandbox/entrata/cli.ts';
import { addSandboxOptions } from '../../../sandbox/entrata/cli.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { runUntilStopped, stopSignal } from '../lifecycle.ts';

export function registerSandbox(program: Command, io: CliIo): void {
  addSandboxOptions(
    program
      .command('sandbox')
      .description('Run the Entrata sandbox alone (same options as `npm run sandbox`; see sandbox/entrata/README.md)'),
  ).action(async (flags: SandboxFlags) => {
    const [{ startSandbox }, { sandboxStartOptions }] = await Promise.all([import('../../../sandbox/entrata/index.ts'), import('../../../sandbox/entrata/cli.ts')]);
    let options;
    try {
      options = sandboxStartOptions(flags);
    } catch (err) {
      throw new CliError(err instanceof Error ? err.message : String(err));
    }
    await runUntilStopped(stopSignal(), async (defer) => {
      // The sandbox prints its own banner: URLs, credentials and counts.
      defer(await startSandbox(options), (s) => s.close());
      io.out('Stop with Ctrl-C.');
    });
  });
}
