/**
 * The API server the throughput benchmark (api-throughput.bench.ts) loads: the product's own app from
 * buildApp, configured from the environment as in production, plus bare routes under /bench/bare/ that
 * call the same service functions as the procedures they stand beside, through the same pool, logger and
 * Fastify hooks. What a bare route skips is exactly tRPC, its input/output validation, the rate limit and
 * the session lookup. Bench only: the product never mounts these routes. Tells its parent its address,
 * and its CPU time when asked.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { openDatabase } from '@style-license/db';
import { createQueueTransport } from '@style-license/platform/queue';
import { createObjectStorage } from '@style-license/platform/storage';
import { stopOnSignals } from '@style-license/platform/shutdown';
import { AppError, searchStylesSchema, styleIdSchema } from '@style-license/shared';
import { buildApp } from '../src/app';
import { loadServerConfig } from '../src/config';
import type { ServerDeps } from '../src/deps';
import { unreadCount } from '../src/domains/notifications/service';
import { searchStyles } from '../src/domains/styles/search';
import { getStyle } from '../src/domains/styles/service';
import { balanceOf } from '../src/domains/tokens/ledger';
import { serverLogger } from '../src/start';
import { BENCH_USER_HEADER } from './api-seed';

/** The tRPC GET format (`?input=<JSON>`), so both kinds of route are sent the same query strings. */
const inputOf = (request: FastifyRequest): unknown => {
  const { input } = request.query as { input?: string };
  return input === undefined ? undefined : JSON.parse(input);
};

const userOf = (request: FastifyRequest): string => {
  const user = request.headers[BENCH_USER_HEADER];
  if (typeof user !== 'string') throw new AppError('UNAUTHORIZED', `Missing ${BENCH_USER_HEADER}`);
  return user;
};

function registerBareRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const db = deps.database.db;
  app.get('/bench/bare/styles.search', (request) =>
    searchStyles(deps, searchStylesSchema.parse(inputOf(request))),
  );
  app.get('/bench/bare/styles.get', (request) =>
    getStyle(deps, null, styleIdSchema.parse(inputOf(request)).styleId),
  );
  app.get('/bench/bare/tokens.balance', async (request) => ({
    balance: await balanceOf(db, userOf(request)),
  }));
  app.get('/bench/bare/notifications.unreadCount', async (request) => ({
    count: await unreadCount(db, userOf(request)),
  }));
}

const config = loadServerConfig();
const logger = serverLogger(config);
const database = await openDatabase(config.DATABASE_URL, { poolMax: config.DATABASE_POOL_MAX });
const queue = createQueueTransport(config, logger);
const storage = createObjectStorage(config, { publicBaseUrl: config.PUBLIC_URL });
const deps: ServerDeps = { config, logger, database, queue, storage };
const app = await buildApp(deps);
registerBareRoutes(app, deps);
const url = await app.listen({ host: config.HOST, port: config.PORT });
stopOnSignals(
  async () => {
    await app.close();
    await queue.close();
    await database.close();
  },
  { name: 'bench API server' },
);
// The benchmark asks for this process's CPU time around each round: a cost per request that noise from
// other processes on the machine changes far less than it changes throughput.
process.on('message', (message) => {
  if (message === 'cpu-usage') process.send?.({ cpuUsage: process.cpuUsage() });
});
process.send?.({ url });
