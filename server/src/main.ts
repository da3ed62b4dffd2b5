// Entry point of a standalone API server process (production: one of several behind a balancer).
import { ConfigError } from '@style-license/platform/config';
import { stopOnSignals } from '@style-license/platform/shutdown';
import { loadServerConfig } from './config';
import { startServer } from './start';

try {
  const config = loadServerConfig();
  if (!config.AMQP_URL) {
    // The in-process queue only connects parts inside one process: a lone server would queue jobs that
    // no worker ever sees (the single-process mode is `npm start`, which runs a worker beside it).
    throw new ConfigError([
      'AMQP_URL: must be set for a standalone server (the in-process queue needs `npm start`)',
    ]);
  }
  // Signals are handled from the start: a SIGTERM while it is still starting (a deploy rolled back at
  // once) waits for the start and then stops it in order, instead of Node's default of dying mid-way.
  const started = startServer(config);
  stopOnSignals(async () => (await started).close(), { name: 'server' });
  await started;
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG: tells supervisors not to restart-loop on a bad setting
  }
  throw error;
}
