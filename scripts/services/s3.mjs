/**
 * Provides an S3-compatible endpoint for development and tests: the one named by S3_ENDPOINT when it
 * answers, otherwise an in-process s3rver on a free 127.0.0.1 port whose data directory dies with stop().
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { urlReachable } from './net.mjs';

const DEFAULT_BUCKET = 'style-license-test';
const DEFAULT_REGION = 'us-east-1';
// s3rver accepts exactly this key pair; anything else fails signature checks.
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

// Browsers upload straight to the bucket through presigned URLs, so the dev bucket must answer CORS.
const CORS_CONFIG = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

// s3rver checks a presigned URL's expiry but never its SigV4 signature, so a tampered or re-targeted URL
// would pass in development and fail only against real S3. This middleware checks presigned (query)
// signatures the way S3 does; header-signed SDK requests are left to s3rver as before.
const hmac = (key, text) => createHmac('sha256', key).update(text, 'utf8').digest();
const rfc3986 = (text) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(rawQuery) {
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const [name, value] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [rfc3986(decodeURIComponent(name)), rfc3986(decodeURIComponent(value))];
    })
    .filter(([name]) => name !== 'X-Amz-Signature')
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function expectedPresignedSignature(req, query, secretAccessKey) {
  const [rawPath, rawQuery = ''] = req.url.split(/\?(.*)/s);
  const signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
  const headerBlock = signedHeaders
    .split(';')
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonicalRequest = [
    req.method,
    rawPath,
    canonicalQuery(rawQuery),
    headerBlock,
    signedHeaders,
    query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const [, date, region, service] = (query.get('X-Amz-Credential') ?? '').split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    query.get('X-Amz-Date'),
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const dateKey = hmac(`AWS4${secretAccessKey}`, date);
  const signingKey = hmac(hmac(hmac(dateKey, region), service), 'aws4_request');
  return hmac(signingKey, stringToSign);
}

function signatureMatches(req, query, secretAccessKey) {
  const given = query.get('X-Amz-Signature') ?? '';
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  try {
    return timingSafeEqual(
      Buffer.from(given, 'hex'),
      expectedPresignedSignature(req, query, secretAccessKey),
    );
  } catch {
    return false; // Malformed percent-encoding: no valid signature could cover it.
  }
}

/** Koa middleware; `secrets` maps access key ids to secret keys. Unknown ids are left to s3rver. */
function presignedSignatureCheck(secrets) {
  return async (ctx, next) => {
    const query = new URLSearchParams(ctx.req.url.split(/\?(.*)/s)[1] ?? '');
    const secret = secrets.get((query.get('X-Amz-Credential') ?? '').split('/')[0]);
    // Preflights carry the URL but no signature of their own; CORS middleware answers them.
    if (ctx.method === 'OPTIONS' || !query.has('X-Amz-Signature') || !secret) return next();
    if (signatureMatches(ctx.req, query, secret)) return next();
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>' +
      '<Message>The request signature we calculated does not match the one provided.</Message></Error>';
  };
}

/** Accepts a plain function (as the other service starters do) or a pino-like logger. */
function toLogFn(log) {
  if (typeof log === 'function') return log;
  if (log && typeof log.info === 'function') return (message) => log.info(message);
  return () => {};
}

async function ensureBucket({ endpoint, bucket, region, accessKeyId, secretAccessKey }) {
  const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials });
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

async function startS3rver(say) {
  const directory = await mkdtemp(join(tmpdir(), 'style-license-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: DEFAULT_BUCKET, configs: [CORS_CONFIG] }],
  });
  // Koa composes its middleware when the server starts, so putting ours first here still takes effect.
  server.middleware.unshift(
    presignedSignatureCheck(new Map([[S3RVER_CREDENTIALS.accessKeyId, S3RVER_CREDENTIALS.secretAccessKey]])),
  );
  let address;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  say(`s3: started s3rver at ${endpoint} (data in ${directory})`);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const closing = server.close();
    // Keep-alive sockets from SDK clients and fetch() would hold close() open for seconds.
    server.httpServer?.closeAllConnections?.();
    await closing;
    await rm(directory, { recursive: true, force: true });
  };
  return { endpoint, bucket: DEFAULT_BUCKET, region: DEFAULT_REGION, ...S3RVER_CREDENTIALS, stop };
}

/**
 * @typedef {object} S3Service
 * @property {string} endpoint
 * @property {string} bucket
 * @property {string} region
 * @property {string | undefined} accessKeyId
 * @property {string | undefined} secretAccessKey
 * @property {() => Promise<void>} stop Closes s3rver and deletes its data; a no-op for an external S3.
 */

/**
 * S3_ENDPOINT (with S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) when it answers,
 * otherwise a fresh s3rver. Either way the bucket exists when this resolves.
 * @param {{ log?: ((message: string) => void) | { info(message: string): void },
 *           env?: Record<string, string | undefined> }} [options]
 * @returns {Promise<S3Service>}
 */
export async function startS3({ log = console.log, env = process.env } = {}) {
  const say = toLogFn(log);
  if (env.S3_ENDPOINT) {
    if (await urlReachable(env.S3_ENDPOINT)) return useExternal(env, say);
    say(`s3: ${env.S3_ENDPOINT} is not reachable; starting s3rver instead`);
  }
  return startS3rver(say);
}
