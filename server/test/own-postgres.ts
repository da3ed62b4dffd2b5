/**
 * A PostgreSQL server of a test file's own, which the test may stop and start again (an outage) without
 * disturbing the server every other suite shares. Its database is migrated and shaped like the shared
 * one's (`TestDatabase`), so `startTestServer` can run on it.
 */
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '@style-license/db';
import type { TestDatabase } from '@style-license/db/testing';

interface Throwaway {
  url: string;
  /** Fast shutdown, data kept: clients are disconnected and new connections refused. */
  pause(): Promise<void>;
  /** Back on the same port with the same data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}
type StartPostgres = (options: { log?: (message: string) => void }) => Promise<Throwaway>;

/**
 * Runs `attempt` once PostgreSQL takes sessions: its port answers a moment before that ("starting up",
 * 57P03), after a start and after a resume alike.
 */
async function whenTakingSessions(attempt: () => Promise<unknown>): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await attempt();
      return;
    } catch (error) {
      const code =
        (error as { cause?: { code?: string }; code?: string }).cause?.code ??
        (error as { code?: string }).code;
      if (code !== '57P03' || tries >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function startOwnPostgres(): Promise<Throwaway & { database: TestDatabase }> {
  const moduleUrl = new URL('../../scripts/services/postgres.mjs', import.meta.url).href;
  const { startPostgres } = (await import(moduleUrl)) as { startPostgres: StartPostgres };
  // startPostgres reuses the server at TEST_DATABASE_URL when one answers: hide it to get our own.
  const shared = process.env.TEST_DATABASE_URL;
  delete process.env.TEST_DATABASE_URL;
  let server: Throwaway;
  try {
    server = await startPostgres({ log: () => {} });
  } finally {
    if (shared !== undefined) process.env.TEST_DATABASE_URL = shared;
  }
  const opened = await openDatabase(server.url, { poolMax: 20 });
  await whenTakingSessions(() => migrateDatabase(opened));
  const database: TestDatabase = { ...opened, url: server.url, dispose: () => opened.close() };
  return {
    ...server,
    database,
    resume: async () => {
      await server.resume();
      await whenTakingSessions(() => opened.db.execute(sql`SELECT 1`));
    },
    stop: async () => {
      await opened.close().catch(() => undefined);
      await server.stop();
    },
  };
}
