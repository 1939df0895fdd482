import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'sandbox/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every app a test builds checks that each answer's status is documented (src/api/documentedStatuses.ts).
    env: { LEASEWIRE_CHECK_DOCUMENTED_STATUSES: '1' },
  },
});
