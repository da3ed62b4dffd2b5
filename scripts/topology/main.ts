/**
 * `npm run topology`: the product scaled out on this machine (2 servers and 2 workers by default; pass
 * `--servers N --workers M`), on a PostgreSQL, RabbitMQ and S3-compatible store of its own (or the ones
 * in TEST_DATABASE_URL, AMQP_URL and S3_ENDPOINT when they answer). Prints where to open it and which
 * server answered how many requests when stopped with Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { startTopology } from './topology';

const { values } = parseArgs({
  options: { servers: { type: 'string', default: '2' }, workers: { type: 'string', default: '2' } },
});
const log = (message: string) => console.log(`[topology] ${message}`);
const services = await import('./services');
const running = await services.startServices(log);
try {
  const topology = await startTopology({
    servers: Number(values.servers),
    workers: Number(values.workers),
    ...running.settings,
    log,
  });
  log(`open ${topology.url} (sign in with any name and email; Ctrl-C stops everything)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log(`requests served: ${JSON.stringify(Object.fromEntries(topology.balancer.served))}`);
  await topology.stop();
} finally {
  await running.stop();
}
