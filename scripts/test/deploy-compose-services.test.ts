/**
 * compose.yaml's services, as compose would interpolate it (deploy-support.ts): which images it builds
 * and pulls, start order, stop grace, the GPU profile, PostgreSQL's connection sizing and RabbitMQ's
 * consumer_timeout.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@style-license/gpu-worker';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '@style-license/platform/shutdown';
import { loadServerConfig } from '@style-license/server';
import { ROOT, app, appServices, infra, read, services } from './deploy-support';

const seconds = (duration: string) => {
  const match = /^(\d+)(ms|s|m|h)$/.exec(duration);
  if (!match) throw new Error(`cannot read the duration ${duration}`);
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] as 'ms' | 's' | 'm' | 'h'];
};

describe('compose.yaml: the services it runs', () => {
  it('builds its own images from deploy/Dockerfile.* and pins every image it pulls to a version', () => {
    expect(appServices.map((entry) => entry.name).sort()).toEqual(
      ['bucket', 'gpu-worker', 'migrate', 'server', 'worker'].sort(),
    );
    for (const { name, service } of appServices) {
      expect(service.build!.context, name).toBe('.');
      expect(existsSync(join(ROOT, service.build!.dockerfile)), name).toBe(true);
    }
    for (const [name, service] of services.filter(([, s]) => !s.build)) {
      const tag = service.image?.split(':')[1] ?? '';
      expect(tag, `${name} pulls ${service.image}`).toMatch(/\d/);
    }
    expect(infra('postgres').image).toMatch(/^postgres:1[56]\b/);
    expect(infra('rabbitmq').image).toMatch(/^rabbitmq:3\./);
  });

  it('starts in order: migrate once PostgreSQL is healthy, the server once migrate and the bucket set-up succeeded', () => {
    expect(infra('postgres').healthcheck?.test).toBeDefined();
    expect(infra('rabbitmq').healthcheck?.test).toBeDefined();
    expect(app('migrate').service.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(app('server').service.depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      bucket: { condition: 'service_completed_successfully' },
      rabbitmq: { condition: 'service_healthy' },
    });
    for (const name of ['worker', 'gpu-worker'])
      expect(app(name).service.depends_on, name).toEqual({
        rabbitmq: { condition: 'service_healthy' },
        bucket: { condition: 'service_completed_successfully' },
      });
    for (const name of ['migrate', 'bucket']) {
      // One-shots: never restarted, and the image's HTTP health check does not apply to them.
      expect(app(name).service.restart, name).toBe('no');
      expect(app(name).service.healthcheck, name).toEqual({ disable: true });
    }
  });

  it('gives the server and the workers time to stop gracefully, with an init reaping their children', () => {
    // Their own stop limit is DEFAULT_SHUTDOWN_TIMEOUT_MS; Docker's default grace is 10 s, then SIGKILL.
    for (const name of ['server', 'worker', 'gpu-worker']) {
      const { service } = app(name);
      expect(seconds(service.stop_grace_period ?? '10s'), name).toBeGreaterThanOrEqual(
        DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000 + 5,
      );
      expect(service.init, name).toBe(true);
      expect(service.restart, name).toBe('unless-stopped');
    }
  });

  it('runs the GPU worker only under the gpu profile, with an NVIDIA GPU reserved and the base model read-only', () => {
    const { service, env } = app('gpu-worker');
    expect(service.profiles).toEqual(['gpu']);
    expect(service.deploy?.resources?.reservations?.devices).toEqual([
      { driver: 'nvidia', count: 1, capabilities: ['gpu'] },
    ]);
    const models = service.volumes!.find((volume) => volume.endsWith(':ro'))!;
    const mountedAt = models.split(':')[1]!;
    expect(env.BASE_MODEL_PATH!.startsWith(`${mountedAt}/`)).toBe(true);
    // The worker writes its scratch files to a volume, not to the image.
    expect(service.volumes).toContain(`diffusers-work:${env.DIFFUSERS_WORK_DIR}`);
    for (const [name, other] of services)
      if (name !== 'gpu-worker') expect(other.profiles, name).toBeUndefined();
  });

  it("sizes PostgreSQL's max_connections for the servers' pools, their LISTEN connections and migrate", () => {
    const command = infra('postgres').command ?? [];
    const setting = command.find((word) => word.startsWith('max_connections='));
    const maxConnections = setting ? Number(setting.split('=')[1]) : 100;
    const servers = appServices.filter((entry) => entry.process === 'server');
    // Each server: its pool plus one LISTEN connection (outbox relay); migrate: 2; PostgreSQL keeps 3
    // for superusers (superuser_reserved_connections), which pg_dump and an operator's psql may use.
    const needed =
      servers.reduce(
        (sum, { service, env }) =>
          sum + (service.deploy?.replicas ?? 1) * (loadServerConfig(env).DATABASE_POOL_MAX + 1),
        0,
      ) +
      2 +
      3;
    expect(needed).toBeLessThanOrEqual(maxConnections);
  });

  it("lets a diffusers training run outlast RabbitMQ's consumer_timeout (deploy/rabbitmq.conf, mounted)", () => {
    const conf = read('deploy/rabbitmq.conf');
    const timeoutMs = Number(/^consumer_timeout\s*=\s*(\d+)\s*$/m.exec(conf)?.[1]);
    const defaults = loadWorkerConfig({ WORKER_ENGINES: 'diffusers-lora', BASE_MODEL_PATH: '/m' });
    const longestRunMs =
      (defaults.DIFFUSERS_TRAINING_TIMEOUT_SECONDS + defaults.DIFFUSERS_LOAD_TIMEOUT_SECONDS) * 1000;
    expect(timeoutMs).toBeGreaterThan(longestRunMs);
    expect(timeoutMs).toBeGreaterThan(defaults.QUEUE_OUTAGE_HOLD_SECONDS * 1000);
    expect(infra('rabbitmq').volumes).toContainEqual(
      expect.stringMatching(/^\.\/deploy\/rabbitmq\.conf:\/etc\/rabbitmq\/conf\.d\/[\w.-]+\.conf:ro$/),
    );
  });
});
