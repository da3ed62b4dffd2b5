/**
 * Runs the storage contract against S3: the service named by TEST_S3_* when set (scripts/test.mjs),
 * otherwise a versitygw started here. Every key is under a per-run prefix, removed again afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDependencyOutage } from '../src/dependency-errors';
import {
  createS3Storage,
  ensureBucket,
  type S3ObjectStorage,
  type S3StorageOptions,
} from '../src/storage/s3';
import { describeStorageContract } from './storage-contract';
import { startTcpProxy } from './tcp-proxy';

interface S3Service extends S3StorageOptions {
  endpoint: string;
  stop(): Promise<void>;
}
type StartS3 = (options: {
  log?: (message: string) => void;
  env?: Record<string, string | undefined>;
}) => Promise<S3Service>;

const prefix = `contract-${randomUUID()}/`;
let service: S3Service;
let storage: S3ObjectStorage;

async function provideS3(): Promise<S3Service> {
  const env = process.env;
  if (env.TEST_S3_ENDPOINT) {
    const external = {
      endpoint: env.TEST_S3_ENDPOINT,
      bucket: env.TEST_S3_BUCKET || 'style-license-test',
      region: env.TEST_S3_REGION || 'us-east-1',
      accessKeyId: env.TEST_S3_ACCESS_KEY_ID,
      secretAccessKey: env.TEST_S3_SECRET_ACCESS_KEY,
    };
    await ensureBucket(external);
    return { ...external, stop: async () => {} };
  }
  // A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
  const moduleUrl = new URL('../../scripts/services/s3.mjs', import.meta.url).href;
  const { startS3 } = (await import(moduleUrl)) as { startS3: StartS3 };
  // An empty env: never pick up a developer's S3_ENDPOINT by accident.
  return startS3({ log: () => {}, env: {} });
}

beforeAll(async () => {
  service = await provideS3();
  storage = createS3Storage(service);
});

afterAll(async () => {
  if (storage) {
    for (const key of await storage.list(prefix)) await storage.delete(key);
    storage.client.destroy();
  }
  await service?.stop();
});

describeStorageContract('S3', () => ({ storage, prefix }));

describe('S3 storage', () => {
  it('list reads every page, not just the first', async () => {
    const paged = createS3Storage({ ...service, listPageSize: 2 });
    try {
      const keys = ['p/1', 'p/2', 'p/3', 'p/4', 'p/5'].map((k) => `${prefix}${k}`);
      for (const key of keys) await paged.put(key, Buffer.from(key));
      expect(await paged.list(`${prefix}p/`)).toEqual(keys);
    } finally {
      paged.client.destroy();
    }
  });

  it('refuses an unsigned GET of a private object and an anonymous listing of its bucket', async () => {
    const target = `${prefix}originals/private.png`;
    await storage.put(target, Buffer.from('private original'), { contentType: 'image/png' });
    const unsigned = await fetch(`${service.endpoint}/${service.bucket}/${target}`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).not.toContain('private original');
    const listing = await fetch(`${service.endpoint}/${service.bucket}?prefix=${encodeURIComponent(prefix)}`);
    expect(listing.status).toBe(403);
    expect(await listing.text()).not.toContain(target);
    // The same object is served with a signature: only its absence was refused.
    const signed = await fetch(await storage.presignGet(target, { expiresInSeconds: 60 }));
    expect(await signed.text()).toBe('private original');
  });

  it('ensureBucket is idempotent', async () => {
    await ensureBucket(service);
    await ensureBucket(service);
    expect(await storage.ping()).toBe(true);
  });

  it('ping is false when the bucket does not exist', async () => {
    const missing = createS3Storage({ ...service, bucket: `missing-${randomUUID()}` });
    try {
      expect(await missing.ping()).toBe(false);
      // A missing bucket is a configuration fault, not a missing object.
      await expect(missing.get('any')).rejects.not.toHaveProperty('name', 'ObjectNotFoundError');
    } finally {
      missing.client.destroy();
    }
  });
});

describe('S3 storage when the service stops answering (partition, stopped process)', () => {
  it('fails head and get as an outage within its idle timeout instead of hanging, and recovers', async () => {
    const proxy = await startTcpProxy(service.endpoint);
    const idleTimeoutMs = 300;
    const silent = createS3Storage({
      ...service,
      endpoint: proxy.url.replace(/\/$/, ''),
      idleTimeoutMs,
      connectTimeoutMs: 300,
    });
    try {
      const key = `${prefix}frozen/object`;
      await silent.put(key, Buffer.from('x')); // leaves a kept-alive connection open, as in production
      proxy.freeze({ includingNew: true });
      for (const call of [() => silent.head(key), () => silent.get(key)]) {
        const started = Date.now();
        const error = await call().catch((e: unknown) => e);
        // The SDK's three attempts, each cut off after the idle timeout, plus its short backoff.
        expect(Date.now() - started).toBeLessThan(10 * idleTimeoutMs);
        expect(isDependencyOutage(error)).toBe(true);
      }
      proxy.thaw();
      expect(await silent.head(key)).toMatchObject({ size: 1 });
    } finally {
      silent.client.destroy();
      await proxy.close();
    }
  }, 20_000);
});
