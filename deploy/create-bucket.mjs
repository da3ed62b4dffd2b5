// One-shot set-up of the object store (compose.yaml's `bucket` service, in the server image): creates
// S3_BUCKET when it is missing and sets its CORS rules, so that browsers may PUT training images to the
// presigned URLs the server hands out and read stored images from a canvas (the signature preview).
// Safe to run at every deployment: both steps are idempotent. Exits 0 when done, 1 on failure.
//
// Reads the variables the server and worker read (same names, same meaning): S3_BUCKET, S3_ENDPOINT,
// S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY; the allowed origin is PUBLIC_URL's (the web client
// is served by the server), plus WEB_ORIGIN's origins when set. docs/OPERATIONS.md, "Bucket CORS".
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';

/** The environment variables this script reads: a subset of the server's settings (README table). */
export const SETTINGS = [
  'S3_BUCKET',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'PUBLIC_URL',
  'WEB_ORIGIN',
];

/** How long to wait for the store to answer at all (it may be starting beside this container). */
const WAIT_MS = 60_000;

/**
 * The bucket's CORS: only the product's origins; PUT (uploads, whose only request header a browser adds
 * is Content-Type: the presigned URL is signed without a checksum or Content-MD5) and GET/HEAD (images
 * drawn on a canvas). ETag is exposed for clients that check what they uploaded.
 */
export function corsRules(origins) {
  return [
    {
      AllowedOrigins: origins,
      AllowedMethods: ['PUT', 'GET', 'HEAD'],
      AllowedHeaders: ['content-type'],
      ExposeHeaders: ['ETag'],
      MaxAgeSeconds: 3600,
    },
  ];
}

/** PUBLIC_URL's origin and WEB_ORIGIN's (comma-separated), without duplicates. */
export function allowedOrigins(env) {
  if (!env.PUBLIC_URL) throw new Error('PUBLIC_URL must be set: browsers upload from its origin');
  const extra = (env.WEB_ORIGIN ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return [...new Set([env.PUBLIC_URL, ...extra].map((url) => new URL(url).origin))];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function setUpBucket(env = process.env, log = console.log) {
  const bucket = env.S3_BUCKET;
  if (!bucket) throw new Error('S3_BUCKET must be set');
  const origins = allowedOrigins(env);
  const region = env.S3_REGION || 'us-east-1';
  const client = new S3Client({
    region,
    ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT, forcePathStyle: true } : {}),
    ...(env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } }
      : {}),
  });
  try {
    const deadline = Date.now() + WAIT_MS;
    let exists;
    for (;;) {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
        exists = true;
        break;
      } catch (error) {
        const status = error?.$metadata?.httpStatusCode;
        if (status === 404) {
          exists = false;
          break;
        }
        // Anything but an answer (connection refused while the store starts) is waited out.
        if (status !== undefined || Date.now() > deadline) throw error;
        await sleep(1000);
      }
    }
    if (!exists) {
      // us-east-1 is the one region that refuses an explicit LocationConstraint.
      const location =
        region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region } };
      await client.send(new CreateBucketCommand({ Bucket: bucket, ...location }));
      log(`bucket ${bucket}: created`);
    }
    await client.send(
      new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: corsRules(origins) } }),
    );
    log(`bucket ${bucket}: CORS allows ${origins.join(', ')} to PUT, GET and HEAD`);
  } finally {
    client.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await setUpBucket();
  } catch (error) {
    console.error(`bucket set-up failed: ${error?.message ?? error}`);
    process.exit(1);
  }
}
