// `npm test` starts PostgreSQL, RabbitMQ and S3 side by side: when one of them fails to start, the ones
// that did start must not be left running (a throwaway PostgreSQL once outlived such a run).
import { describe, expect, it } from 'vitest';

interface Service {
  name: string;
  stop(): Promise<void>;
}
interface Lifecycle {
  startAll<T extends Record<string, () => Promise<Service>>>(
    starters: T,
  ): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }>;
  stopAll(services: Service[]): Promise<unknown[]>;
}
// A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
const { startAll, stopAll } = (await import(
  new URL('../services/lifecycle.mjs', import.meta.url).href
)) as Lifecycle;

/** A fake service that records being stopped; it starts after `delayMs`, or fails to. */
function fake(name: string, stopped: string[], { delayMs = 0, fails = false } = {}) {
  return () =>
    new Promise<Service>((resolve, reject) =>
      setTimeout(() => {
        if (fails) reject(new Error(`${name} exploded`));
        else resolve({ name, stop: async () => void stopped.push(name) });
      }, delayMs),
    );
}

describe('starting the test services', () => {
  it('returns every service under its name and stops none when all start', async () => {
    const stopped: string[] = [];
    const services = await startAll({ postgres: fake('postgres', stopped), s3: fake('s3', stopped) });
    expect(services.postgres.name).toBe('postgres');
    expect(services.s3.name).toBe('s3');
    expect(stopped).toEqual([]);
  });

  it('when one service fails to start, stops every one that did start and names the failure', async () => {
    const stopped: string[] = [];
    const starting = startAll({
      postgres: fake('postgres', stopped),
      rabbit: fake('rabbit', stopped, { fails: true }),
      s3: fake('s3', stopped),
    });
    await expect(starting).rejects.toThrow(/rabbit failed to start: rabbit exploded/);
    expect(stopped.sort()).toEqual(['postgres', 's3']);
  });

  it('a service still starting when another has failed is stopped once it is up', async () => {
    const stopped: string[] = [];
    const starting = startAll({
      rabbit: fake('rabbit', stopped, { fails: true }),
      postgres: fake('postgres', stopped, { delayMs: 50 }),
    });
    await expect(starting).rejects.toThrow(/rabbit failed to start/);
    expect(stopped).toEqual(['postgres']);
  });

  it('reports a started service that fails to stop again, next to the failure that caused the stop', async () => {
    const stuck = async () => ({
      name: 'postgres',
      stop: async () => {
        throw new Error('postgres would not stop');
      },
    });
    const starting = startAll({ postgres: stuck, rabbit: fake('rabbit', [], { fails: true }) });
    await expect(starting).rejects.toThrow(/rabbit failed to start[\s\S]*postgres would not stop/);
  });

  it('stopAll stops every service even when one of them fails to stop, and returns that failure', async () => {
    const stopped: string[] = [];
    const failing = { name: 'a', stop: () => Promise.reject(new Error('a is stuck')) };
    const failures = await stopAll([failing, { name: 'b', stop: async () => void stopped.push('b') }]);
    expect(stopped).toEqual(['b']);
    expect(failures).toEqual([new Error('a is stuck')]);
  });
});
