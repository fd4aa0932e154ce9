import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/no-network.ts'],
    // Under CI, a missing PostgreSQL or MariaDB fails the run instead of skipping suites.
    globalSetup: ['test/support/ci-services.ts'],
    // The default report, then one plain `N passed, N failed` line.
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are memory-hungry and the machine has 2 cores.
    maxWorkers: 2,
  },
});
