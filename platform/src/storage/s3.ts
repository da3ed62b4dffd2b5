/**
 * ObjectStorage on any S3-compatible service (AWS, MinIO, versitygw). Clients move bytes through presigned
 * URLs; a presigned PUT that names a content type only accepts that exact Content-Type header.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition } from './content-disposition';
import {
  ObjectNotFoundError,
  type ObjectInfo,
  type ObjectStorage,
  type PresignGetOptions,
  type PresignPutOptions,
} from './storage';

export interface S3StorageOptions {
  /** Any S3-compatible endpoint; unset means AWS itself. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Unset means the SDK's default credential chain (instance role, AWS_* variables, …). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Keys per ListObjectsV2 page; only tests lower it, to prove that list() follows later pages. */
  listPageSize?: number;
  /** How long to wait for a TCP connection to the service (default 5 s). */
  connectTimeoutMs?: number;
  /**
   * How long a request's socket may carry nothing either way before the request fails (default 30 s).
   * An idle limit, not a total one, so a large transfer that keeps moving is never cut off.
   */
  idleTimeoutMs?: number;
}

export interface S3ObjectStorage extends ObjectStorage {
  readonly kind: 's3';
  readonly bucket: string;
  /** Exposed so a process can `client.destroy()` its sockets on shutdown. */
  readonly client: S3Client;
}

/** SigV4 presigned URLs cannot live longer than seven days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

export function createS3Client(options: S3StorageOptions): S3Client {
  const { endpoint, region, accessKeyId, secretAccessKey } = options;
  return new S3Client({
    region,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    // The SDK waits forever by default: a store that accepts connections but stops answering (a
    // partition, a stopped process) would hang every caller instead of failing as an outage
    // (TimeoutError), which the API answers with 503 and the queues hold and retry. The SDK's own
    // retries (3 attempts) apply, so a call gives up after about three idle timeouts.
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      // `socketTimeout` is the idle limit; the SDK's `requestTimeout` would bound the whole transfer.
      socketTimeout: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    },
    // Checksums only when S3 demands them: S3-compatible servers often reject the newer checksum headers,
    // and a presigned PUT must not oblige the browser to send a checksum it cannot compute.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}

/** A missing key, but not a missing bucket: that is a configuration fault and must surface as such. */
function isMissingObject(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'NoSuchKey' || name === 'NotFound') return true;
  return httpStatusOf(error) === 404 && name !== 'NoSuchBucket';
}

function checkExpiry(expiresInSeconds: number): number {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGN_SECONDS) {
    throw new Error(`expiresInSeconds must be an integer from 1 to ${MAX_PRESIGN_SECONDS}`);
  }
  return expiresInSeconds;
}

/** Creates the bucket when it does not exist yet; safe to call from every process at startup. */
export async function ensureBucket(
  options: S3StorageOptions | { client: S3Client; bucket: string; region: string },
) {
  const client = 'client' in options ? options.client : createS3Client(options);
  try {
    await client.send(new HeadBucketCommand({ Bucket: options.bucket }));
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
    await createBucket(client, options.bucket, options.region);
  } finally {
    if (!('client' in options)) client.destroy();
  }
}

async function createBucket(client: S3Client, bucket: string, region: string): Promise<void> {
  // us-east-1 is the one region that refuses an explicit LocationConstraint.
  const configuration =
    region === 'us-east-1'
      ? {}
      : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } };
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket, ...configuration }));
  } catch (error) {
    // Another process won the race to create it: that is the outcome we wanted.
    if (errorName(error) !== 'BucketAlreadyOwnedByYou') throw error;
  }
}

export function createS3Storage(options: S3StorageOptions): S3ObjectStorage {
  const { bucket } = options;
  const client = createS3Client(options);
  const pageSize = options.listPageSize ?? 1000;

  async function get(key: string): Promise<Buffer> {
    try {
      const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!result.Body) throw new ObjectNotFoundError(key);
      return Buffer.from(await result.Body.transformToByteArray());
    } catch (error) {
      if (isMissingObject(error)) throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  async function head(key: string): Promise<ObjectInfo | null> {
    try {
      const result = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: result.ContentLength ?? 0, contentType: result.ContentType };
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw error;
    }
  }

  async function list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          MaxKeys: pageSize,
          ContinuationToken: token,
        }),
      );
      for (const item of page.Contents ?? []) if (item.Key !== undefined) keys.push(item.Key);
      token = page.NextContinuationToken;
      if (!page.IsTruncated || !token) return keys;
    }
  }

  async function presignPut(key: string, { expiresInSeconds, contentType }: PresignPutOptions) {
    const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType });
    // Signing content-type as a header (not a hoisted query parameter) makes S3 refuse any other type.
    return getSignedUrl(client, command, {
      expiresIn: checkExpiry(expiresInSeconds),
      ...(contentType ? { signableHeaders: new Set(['content-type']) } : {}),
    });
  }

  async function presignGet(key: string, { expiresInSeconds, downloadName }: PresignGetOptions) {
    const disposition = downloadName === undefined ? undefined : attachmentDisposition(downloadName);
    const command = new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: disposition,
    });
    return getSignedUrl(client, command, { expiresIn: checkExpiry(expiresInSeconds) });
  }

  return {
    kind: 's3',
    bucket,
    client,
    async put(key, body, putOptions) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: putOptions?.contentType }),
      );
    },
    get,
    head,
    async delete(key) {
      // S3 answers 204 for a missing key too, so deletion is idempotent without extra checks.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    list,
    presignPut,
    presignGet,
    async ping() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
        return true;
      } catch {
        return false;
      }
    },
  };
}
