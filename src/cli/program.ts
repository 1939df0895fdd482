import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { commandGroups } from './commands/index.ts';
import { describeError } from './errors.ts';
import { processIo, type CliIo } from './io.ts';

/** Exit codes: 0 success, 1 the operation failed, 2 the command line was wrong. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** The version in package.json: the one place it is kept. */
export function leasewireVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('leasewire')
    .description('Leasewire: a self-hosted, Propexo-compatible API for property-management systems')
    .version(leasewireVersion(), '-V, --version', 'print the version of Leasewire')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const register of commandGroups) register(program, io);
  return program;
}

/** Runs one command line and returns its exit code; never exits the process itself. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCodes.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version requests are successes; everything else commander throws is bad usage.
      return err.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    const { line, expected } = describeError(err, { databaseUrl: io.env.DATABASE_URL });
    io.err(`error: ${line}`);
    if (!expected && err instanceof Error && err.stack) io.err(err.stack);
    return exitCodes.failed;
  }
}
