// Entry point of the `migrate` step: applies pending migrations to DATABASE_URL (under the advisory lock
// that serialises concurrent runs), then exits 0; a deployment runs it before starting new servers.
import { migrateDatabase, openDatabase, pendingMigrations } from '@style-license/db';
import { commonShape, ConfigError, databaseShape, loadConfig } from '@style-license/platform/config';
import { createLogger } from '@style-license/platform/logger';

try {
  const config = loadConfig({ ...commonShape, ...databaseShape });
  const logger = createLogger({
    name: 'migrate',
    level: config.LOG_LEVEL,
    pretty: config.NODE_ENV === 'development',
  });
  // Two connections: the lock's own and one for the migrator.
  const database = await openDatabase(config.DATABASE_URL, { poolMax: 2 });
  try {
    const pending = await pendingMigrations(database);
    await migrateDatabase(database);
    logger.info({ applied: pending }, pending.length ? 'migrations applied' : 'database is up to date');
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG, as the server's and worker's entry points
  }
  throw error;
}
