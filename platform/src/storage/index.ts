/**
 * The storage entry point: one ObjectStorage chosen from configuration. S3 whenever S3_BUCKET is set,
 * otherwise the local directory store, whose signed URLs the API serves under `/files/*`.
 */
import type { z } from 'zod';
import type { storageShape } from '../config';
import { createLocalStorage, type LocalObjectStorage } from './local';
import { createS3Storage, type S3ObjectStorage } from './s3';

export * from './storage';
export * from './s3';
export * from './local';
export * from './local-urls';
export * from './local-http';
export * from './content-disposition';

export type StorageConfig = z.infer<z.ZodObject<typeof storageShape>>;

export interface CreateObjectStorageOptions {
  /** Where this process's `/files/*` route is reachable by clients; only the local store uses it. */
  publicBaseUrl: string;
}

/** The union, not bare ObjectStorage, so the server can narrow on `kind` to mount the local handler. */
export function createObjectStorage(
  config: StorageConfig,
  { publicBaseUrl }: CreateObjectStorageOptions,
): S3ObjectStorage | LocalObjectStorage {
  if (config.S3_BUCKET) {
    return createS3Storage({
      endpoint: config.S3_ENDPOINT,
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    });
  }
  return createLocalStorage({
    dir: config.STORAGE_DIR,
    publicBaseUrl,
    signingSecret: config.STORAGE_SIGNING_SECRET,
  });
}
