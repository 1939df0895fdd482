import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './playwright.config.ts';

/**
 * `npm test`'s last step: the browser suite when Debian's chromium is installed, otherwise a
 * clear line saying it did not run (CI installs chromium first, see .ci/run).
 */
if (!existsSync(chromiumPath)) {
  console.log(`\nSKIPPED the browser suite (test/browser/*.spec.ts): no Chromium at ${chromiumPath}.`);
  console.log('Install it with `apt-get install -y chromium` (as root), or point CHROMIUM_PATH at one, then run `npm run test:browser`.\n');
  process.exit(0);
}
const cli = fileURLToPath(new URL('../../node_modules/@playwright/test/cli.js', import.meta.url));
const config = fileURLToPath(new URL('./playwright.config.ts', import.meta.url));
const run = spawnSync(process.execPath, [cli, 'test', '-c', config, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
