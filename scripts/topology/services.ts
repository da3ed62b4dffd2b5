/**
 * The services a topology runs on, started the way `npm test` starts them (scripts/services/): a
 * throwaway PostgreSQL, RabbitMQ node and versitygw, or the ones configured when they answer. `own`
 * always starts fresh ones, for the fault suite, which restarts them and must not disturb anyone else.
 */
import type { S3Settings } from './topology';

interface Restartable {
  url: string;
  restart(options?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}
interface S3Service extends S3Settings {
  stop(): Promise<void>;
}
type Log = (message: string) => void;
const load = <T>(file: string) => import(new URL(`../services/${file}`, import.meta.url).href) as Promise<T>;
// Plain .mjs modules: imported by URL so TypeScript does not need declarations for them.
const { startPostgres } = await load<{
  startPostgres(options: { log?: Log; own?: boolean }): Promise<Restartable>;
}>('postgres.mjs');
const { startRabbitMQ } = await load<{
  startRabbitMQ(options: { log?: Log; own?: boolean }): Promise<Restartable>;
}>('rabbitmq.mjs');
const { startS3 } = await load<{ startS3(options: { log?: Log }): Promise<S3Service> }>('s3.mjs');
const { startAll, stopAll } = await load<{
  startAll<T extends Record<string, () => Promise<unknown>>>(
    starters: T,
  ): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }>;
  stopAll(services: unknown[]): Promise<unknown[]>;
}>('lifecycle.mjs');

export async function startServices(log: Log, { own = false } = {}) {
  const services = await startAll({
    postgres: () => startPostgres({ log, own }),
    rabbit: () => startRabbitMQ({ log, own }),
    s3: () => startS3({ log }),
  });
  const { postgres, rabbit, s3 } = services;
  return {
    postgres,
    rabbit,
    settings: { databaseUrl: postgres.url, amqpUrl: rabbit.url, s3 },
    stop: async () => {
      for (const error of await stopAll(Object.values(services))) log(`could not stop a service: ${error}`);
    },
  };
}
