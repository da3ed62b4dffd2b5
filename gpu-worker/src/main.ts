// Entry point of a standalone worker process (production: one per GPU machine, RabbitMQ required), with
// its own HTTP listener for probes and metrics (http.ts).
import { ConfigError } from '@style-license/platform/config';
import { createLogger } from '@style-license/platform/logger';
import { createQueueTransport } from '@style-license/platform/queue';
import { createObjectStorage } from '@style-license/platform/storage';
import { stopOnSignals } from '@style-license/platform/shutdown';
import { loadWorkerConfig } from './config';
import { startWorkerHttp } from './http';
import { createWorkerMetrics } from './metrics';
import { startWorker } from './worker';

try {
  const config = loadWorkerConfig();
  if (!config.AMQP_URL) {
    // The in-process queue only connects parts inside one process: a lone worker would never get work.
    console.error('AMQP_URL: must be set for a standalone worker (the in-process queue needs `npm start`)');
    process.exit(78);
  }
  const logger = createLogger({
    name: 'worker',
    level: config.LOG_LEVEL,
    pretty: config.NODE_ENV === 'development',
  });
  const started = (async () => {
    const queue = await createQueueTransport(config, logger);
    const storage = createObjectStorage(config, { publicBaseUrl: config.PUBLIC_URL });
    const metrics = createWorkerMetrics({ processMetrics: true });
    const worker = await startWorker({ config, logger, queue, storage, metrics });
    const http = await startWorkerHttp({
      host: config.WORKER_HTTP_HOST,
      port: config.WORKER_HTTP_PORT,
      worker,
      queue,
      logger,
    });
    return { queue, worker, http };
  })();
  // Signals are handled from the start: a SIGTERM while it is starting (consumers may already hold
  // jobs) waits for the start, then stops in order, instead of Node's default of dying mid-way.
  stopOnSignals(
    async () => {
      const { queue, worker, http } = await started;
      // No new jobs (readiness turns false at once); running ones get a few seconds to finish, the rest
      // go back to the queue for another worker without using a delivery (worker.ts). Nothing is lost.
      await worker.stop();
      await queue.close();
      await http.close();
    },
    { name: 'worker' },
  );
  await started;
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
