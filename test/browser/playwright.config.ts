import { defineConfig, devices } from '@playwright/test';

/**
 * The browser suite: Debian's chromium (never a downloaded browser), headless, with the flags a
 * closed network needs (without them it stalls on refused connections). Playwright gives each
 * launch a fresh profile directory of its own.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './globalSetup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../node_modules/.cache/leasewire-browser-results',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 860 },
    headless: true,
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
    screenshot: 'off',
  },
});
