import { defineConfig } from 'vitest/config';

// One run over every workspace. Suites that need PostgreSQL, RabbitMQ or S3 read the TEST_* variables
// that scripts/test.mjs sets after starting (or finding) those services. The web client's component
// tests run in jsdom; its browser journeys (web/test/e2e) drive Debian's Chromium against a real server, and so do the
// desktop studio's (desktop/test/e2e, the renderer served by the studio's HTTP test host).
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Line coverage of the packages' sources, measured only when asked (`--coverage.enabled`): scripts/test.mjs
    // asks on a full run (and with TEST_COVERAGE=1) and prints each package against its target from the
    // JSON summary. Only code loaded in the test processes is measured: a worker spawned as its own
    // process (`tsx gpu-worker/src/main.ts`) and the web client running in Chromium are not.
    coverage: {
      provider: 'v8',
      reporter: ['json-summary', 'text-summary'],
      include: ['{shared,db,platform,server,gpu-worker,web,desktop}/src/**/*.{ts,tsx}'],
      exclude: ['**/*.test.{ts,tsx}', '**/*.d.ts', '**/node_modules/**'],
      reportsDirectory: 'coverage',
      // Also when a test failed: the numbers are still worth seeing, and scripts/test.mjs needs them.
      reportOnFailure: true,
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['*/src/**/*.test.{ts,tsx}', '*/test/**/*.test.{ts,tsx}'],
          exclude: [
            '**/node_modules/**',
            'web/src/**',
            'web/test/**',
            'desktop/test/e2e/**',
            'scripts/test/scale-out/**',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}', 'web/test/unit/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['web/test/unit/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['web/test/e2e/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // The studio's renderer in Chromium through the HTTP test host, against the real product.
          name: 'desktop-browser',
          include: ['desktop/test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // Several server and worker processes at once, and the fault suite restarting the services
          // under them: scripts/test.mjs runs these after the other projects, alone on the machine.
          name: 'scale-out',
          include: ['scripts/test/scale-out/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
