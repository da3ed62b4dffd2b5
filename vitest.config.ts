import { defineConfig } from 'vitest/config';

// One run over every workspace. Suites that need PostgreSQL, RabbitMQ or S3 read the TEST_* variables
// that scripts/test.mjs sets after starting (or finding) those services.
export default defineConfig({
  test: {
    include: ['*/src/**/*.test.{ts,tsx}', '*/test/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
