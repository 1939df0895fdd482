/**
 * Time and peak memory of the dataset generator, one fresh process per size so peaks do not mix:
 *   npx tsx sandbox/entrata/scripts/measure-generator.ts [small|medium|large …] [--seed N]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateDataset } from '../dataset/generate.ts';
import type { DatasetSize } from '../dataset/model.ts';

const SIZES: readonly DatasetSize[] = ['small', 'medium', 'large'];
const args = process.argv.slice(2);
const seedIndex = args.indexOf('--seed');
const seed = seedIndex >= 0 ? Number(args[seedIndex + 1]) : 42;

if (args[0] === '--child') {
  const size = args[1] as DatasetSize;
  const baselineMb = process.resourceUsage().maxRSS / 1024;
  const t0 = performance.now();
  const ds = generateDataset(seed, size);
  const ms = performance.now() - t0;
  const counts = ds.counts();
  console.log(
    JSON.stringify({
      size,
      seed,
      generateMs: Math.round(ms),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      baselineRssMb: Math.round(baselineMb),
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
      events: counts.events,
      prospects: counts.prospects,
    }),
  );
} else {
  const sizes = args.filter((a, i) => SIZES.includes(a as DatasetSize) && args[i - 1] !== '--seed');
  const self = fileURLToPath(import.meta.url);
  for (const size of sizes.length > 0 ? sizes : ['small', 'large']) {
    const run = spawnSync(process.execPath, [...process.execArgv, self, '--child', size, '--seed', String(seed)], { encoding: 'utf8' });
    if (run.status !== 0) {
      console.error(run.stderr);
      process.exit(1);
    }
    const r = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number | string>;
    console.log(
      `${String(r.size).padEnd(6)} seed ${r.seed}: ${r.events} events, ${r.prospects} applications — ` +
        `generated in ${r.generateMs} ms, peak RSS ${r.peakRssMb} MB (process baseline ${r.baselineRssMb} MB, heap after ${r.heapUsedMb} MB)`,
    );
  }
}
