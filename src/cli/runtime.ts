import { loadConfig, type Config } from '../config.ts';
import type { Runtime } from '../runtime/boot.ts';
import type { CliIo } from './io.ts';

/** Opens the configured store (migrating it) for one command and always closes it. */
export async function withRuntime<T>(io: CliIo, fn: (runtime: Runtime) => Promise<T>, config: Config = loadConfig(io.env)): Promise<T> {
  // Loaded on use: the store drivers take seconds to import, and `--help` needs none of them.
  const { openRuntime } = await import('../runtime/boot.ts');
  const runtime = await openRuntime(config);
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}
