import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { withRuntime } from '../runtime.ts';

export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('Bring the database schema up to date (every start does this too)')
    .action(() =>
      withRuntime(io, async ({ appliedMigrations, store }) => {
        if (appliedMigrations.length === 0) io.out(`${store.describe}: the schema is up to date.`);
        else io.out(`${store.describe}: applied ${appliedMigrations.join(', ')}.`);
      }),
    );
}
