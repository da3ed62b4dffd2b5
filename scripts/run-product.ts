/**
 * Runs server and worker in one process sharing one queue transport and one object store: the
 * embedded default behind `npm start` (the in-process queue only connects parts of one process).
 * Migrates, seeds demo data into an empty database, then prints the URL. With DEMO_CONTENT (on in
 * development) the demo artists' styles are then made and trained in the background, once the worker
 * is up: the product is usable at once, and a start that stops half-way is finished by the next.
 */
import { seedDemoData, seedTags } from '@style-license/db';
import { ConfigError } from '@style-license/platform/config';
import { createLogger } from '@style-license/platform/logger';
import { createQueueTransport } from '@style-license/platform/queue';
import { stopOnSignals } from '@style-license/platform/shutdown';
import { createObjectStorage } from '@style-license/platform/storage';
import { loadWorkerConfig, startWorker } from '@style-license/gpu-worker';
import { makeArtwork } from '@style-license/gpu-worker/testing';
import { loadServerConfig, serverLogger, startDemoContent, startServer } from '@style-license/server';

async function main() {
  const config = loadServerConfig();
  const workerConfig = loadWorkerConfig({ ...process.env, PUBLIC_URL: config.PUBLIC_URL });
  const logger = serverLogger(config);
  const queue = createQueueTransport(config, logger);
  const storage = createObjectStorage(config, { publicBaseUrl: config.PUBLIC_URL });

  const server = await startServer(config, { logger, queue, storage });
  const { db } = server.deps.database;
  // Before the URL is printed, so a newcomer's own sign-in cannot make the database look used.
  if (!config.DEMO_CONTENT) await seedTags(db);
  else if ((await seedDemoData(db)).seeded) logger.info('seeded demo data into the empty database');
  const workerLogger = createLogger({
    name: 'worker',
    level: config.LOG_LEVEL,
    pretty: config.NODE_ENV === 'development',
  });
  if (!workerConfig.WORKER_ENGINES.includes(config.TRAINING_ENGINE))
    // Not fatal: another process may run that engine on the same broker; embedded, nothing would.
    logger.warn(
      { trainingEngine: config.TRAINING_ENGINE, workerEngines: workerConfig.WORKER_ENGINES },
      'TRAINING_ENGINE is not among WORKER_ENGINES: new styles wait for a worker that runs it',
    );
  const worker = await startWorker({ config: workerConfig, logger: workerLogger, queue, storage });
  const demo = config.DEMO_CONTENT
    ? startDemoContent(server.deps, {
        artworks: (look, index, size) => makeArtwork(look, index, { size }),
      })
    : null;

  stopOnSignals(
    async () => {
      logger.info('stopping');
      await demo?.stop();
      await worker.stop();
      await server.close();
      await queue.close();
    },
    { name: 'Style License', onStopped: () => console.log('Style License stopped') },
  );
  console.log(`\nStyle License is running at ${config.PUBLIC_URL}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
