import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { registerAccounts } from './accounts.ts';
import { registerIntegrations } from './integrations.ts';
import { registerJobs } from './jobs.ts';
import { registerKeys } from './keys.ts';
import { registerMigrate } from './migrate.ts';
import { registerSandbox } from './sandbox.ts';
import { registerSecretKey } from './secretKey.ts';
import { registerServe } from './serve.ts';
import { registerStart } from './start.ts';
import { registerSync } from './sync.ts';
import { registerWorker } from './worker.ts';

/**
 * Every command group of `leasewire`, in the order `--help` lists them. A new group is a file in
 * this folder exporting register<Name>(program, io), added here.
 */
export const commandGroups: ReadonlyArray<(program: Command, io: CliIo) => void> = [
  registerStart,
  registerServe,
  registerWorker,
  registerSandbox,
  registerAccounts,
  registerKeys,
  registerSecretKey,
  registerIntegrations,
  registerMigrate,
  registerSync,
  registerJobs,
];
