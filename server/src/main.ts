// Entry point of a standalone API server process (production: one of several behind a balancer).
import { ConfigError } from '@style-license/platform/config';
import { loadServerConfig } from './config';
import { startServer } from './start';

try {
  const server = await startServer(loadServerConfig());
  const shutdown = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG: tells supervisors not to restart-loop on a bad setting
  }
  throw error;
}
