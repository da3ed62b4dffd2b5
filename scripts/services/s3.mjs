/**
 * Provides an S3-compatible endpoint for development and tests: the one named by S3_ENDPOINT when it
 * answers, otherwise a throwaway versitygw (POSIX backend over a temp dir) on a free 127.0.0.1 port, whose
 * data dies with stop(). versitygw checks SigV4 like S3 and refuses anonymous requests, so tests can prove
 * that private objects stay private; it is built once, at a pinned version, into the user's cache.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { guardAgainstOrphans } from './lifecycle.mjs';
import { canConnect, freePort, sleep, urlReachable } from './net.mjs';
import { ensureVersitygw } from './versitygw.mjs';

const DEFAULT_BUCKET = 'style-license-test';
const DEFAULT_REGION = 'us-east-1';
const STARTUP_TIMEOUT_MS = 15_000;

// Browsers upload straight to the bucket through presigned URLs, so the dev bucket must answer CORS.
const CORS_RULES = [
  {
    AllowedOrigins: ['*'],
    AllowedMethods: ['GET', 'PUT', 'HEAD'],
    AllowedHeaders: ['*'],
    ExposeHeaders: ['ETag'],
    MaxAgeSeconds: 3000,
  },
];

/** Accepts a plain function (as the other service starters do) or a pino-like logger. */
function toLogFn(log) {
  if (typeof log === 'function') return log;
  if (log && typeof log.info === 'function') return (message) => log.info(message);
  return () => {};
}

function clientFor({ endpoint, region, accessKeyId, secretAccessKey }) {
  const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
  return new S3Client({ endpoint, region, forcePathStyle: true, credentials });
}

async function ensureBucket(service) {
  const client = clientFor(service);
  const { bucket, region } = service;
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (error?.$metadata?.httpStatusCode !== 404) throw error;
    // us-east-1 is the one region that refuses an explicit LocationConstraint.
    const location =
      region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region } };
    await client.send(new CreateBucketCommand({ Bucket: bucket, ...location }));
  } finally {
    client.destroy();
  }
}

async function useExternal(env, say) {
  const service = {
    endpoint: env.S3_ENDPOINT,
    bucket: env.S3_BUCKET || DEFAULT_BUCKET,
    region: env.S3_REGION || DEFAULT_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
  };
  await ensureBucket(service);
  say(`s3: using ${service.endpoint} bucket ${service.bucket}`);
  // Someone else owns an external service: stopping is a no-op.
  return { ...service, stop: async () => {} };
}

async function startVersitygw(say) {
  const binary = await ensureVersitygw(say);
  const directory = await mkdtemp(join(tmpdir(), 'style-license-s3-'));
  const [data, meta] = [join(directory, 'data'), join(directory, 'meta')];
  await Promise.all([mkdir(data), mkdir(meta)]);
  // Root credentials of this throwaway gateway only; fresh each run so no test can depend on them.
  const credentials = { accessKeyId: 'style-license-test', secretAccessKey: randomBytes(20).toString('hex') };
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // Metadata (content types) in a sidecar folder, not in xattrs: any file system will do for the temp dir.
  const args = ['--port', `127.0.0.1:${port}`, '--quiet', 'posix', '--sidecar', meta, data];
  const child = spawn(binary, args, {
    env: {
      PATH: process.env.PATH ?? '',
      ROOT_ACCESS_KEY: credentials.accessKeyId,
      ROOT_SECRET_KEY: credentials.secretAccessKey,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const unguard = guardAgainstOrphans(() => {
    if (alive()) child.kill('SIGKILL');
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (alive()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    unguard();
    await rm(directory, { recursive: true, force: true });
  };

  const service = { endpoint, bucket: DEFAULT_BUCKET, region: DEFAULT_REGION, ...credentials, stop };
  try {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (!(await canConnect('127.0.0.1', port))) {
      if (!alive()) throw new Error(`versitygw exited at start (${child.exitCode ?? child.signalCode})`);
      if (Date.now() > deadline) throw new Error(`versitygw did not listen within ${STARTUP_TIMEOUT_MS} ms`);
      await sleep(100);
    }
    await ensureBucket(service);
    const client = clientFor(service);
    try {
      await client.send(
        new PutBucketCorsCommand({ Bucket: service.bucket, CORSConfiguration: { CORSRules: CORS_RULES } }),
      );
    } finally {
      client.destroy();
    }
  } catch (error) {
    await stop();
    throw new Error(`s3: could not start versitygw: ${error.message}\n${stderr}`.trim(), { cause: error });
  }
  say(`s3: started versitygw at ${endpoint} (data in ${directory})`);
  return service;
}

/**
 * @typedef {object} S3Service
 * @property {string} endpoint
 * @property {string} bucket
 * @property {string} region
 * @property {string | undefined} accessKeyId
 * @property {string | undefined} secretAccessKey
 * @property {() => Promise<void>} stop Stops versitygw and deletes its data; a no-op for an external S3.
 */

/**
 * S3_ENDPOINT (with S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) when it answers,
 * otherwise a fresh versitygw. Either way the bucket exists when this resolves.
 * @param {{ log?: ((message: string) => void) | { info(message: string): void },
 *           env?: Record<string, string | undefined> }} [options] `env` holds the S3_* settings only
 * @returns {Promise<S3Service>}
 */
export async function startS3({ log = console.log, env = process.env } = {}) {
  const say = toLogFn(log);
  if (env.S3_ENDPOINT) {
    if (await urlReachable(env.S3_ENDPOINT)) return useExternal(env, say);
    say(`s3: ${env.S3_ENDPOINT} is not reachable; starting versitygw instead`);
  }
  return startVersitygw(say);
}
