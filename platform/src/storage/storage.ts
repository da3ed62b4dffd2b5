/**
 * The object-storage seam: S3 (any S3-compatible endpoint) in production and tests, a local directory
 * for the embedded default. Clients upload and download directly through short-lived signed URLs, so
 * large files never pass through the API process; both implementations refuse a URL after it expires.
 */
export interface PresignPutOptions {
  expiresInSeconds: number;
  contentType?: string;
}

export interface PresignGetOptions {
  expiresInSeconds: number;
  /** Suggested file name for the browser's download (Content-Disposition: attachment). */
  downloadName?: string;
}

export interface ObjectInfo {
  size: number;
  contentType: string | undefined;
}

export interface ObjectStorage {
  readonly kind: 's3' | 'local';
  put(key: string, body: Uint8Array, options?: { contentType?: string }): Promise<void>;
  /** Throws ObjectNotFoundError when the key does not exist. */
  get(key: string): Promise<Buffer>;
  /** Null when the key does not exist. */
  head(key: string): Promise<ObjectInfo | null>;
  /** Deleting a missing key is not an error (idempotent clean-up). */
  delete(key: string): Promise<void>;
  /** Keys under a prefix, for clean-up and for tests that prove no stray objects exist. */
  list(prefix: string): Promise<string[]>;
  presignPut(key: string, options: PresignPutOptions): Promise<string>;
  presignGet(key: string, options: PresignGetOptions): Promise<string>;
  ping(): Promise<boolean>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`object not found: ${key}`);
    this.name = 'ObjectNotFoundError';
  }
}
