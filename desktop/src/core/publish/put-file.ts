/**
 * Sends one file's bytes to its presigned link: streamed from disk (never read whole into memory), with
 * an exact Content-Length (S3 refuses chunked PUTs to presigned URLs) and progress as bytes leave.
 * A file that changed size since it was queued is not sent: the server would refuse the bytes anyway.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { networkError, PublishApiError, isRetryableStatus } from './api';

export interface PutRequest {
  url: string;
  path: string;
  byteSize: number;
  signal: AbortSignal;
  onProgress?: (sent: number) => void;
}

export async function putFile(doFetch: typeof fetch, request: PutRequest): Promise<void> {
  const info = await stat(request.path).catch(() => null);
  if (!info || info.size !== request.byteSize) {
    throw new PublishApiError(
      `${request.path}: changed or gone since it was queued`,
      null,
      null,
      false,
      'changed',
    );
  }
  let sent = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      request.onProgress?.(sent);
      done(null, chunk);
    },
  });
  const body = Readable.toWeb(createReadStream(request.path).pipe(counting)) as ReadableStream<Uint8Array>;
  let res: Response;
  try {
    res = await doFetch(request.url, {
      method: 'PUT',
      headers: { 'content-length': String(request.byteSize) },
      body,
      duplex: 'half',
      signal: request.signal,
    } as RequestInit);
  } catch (error) {
    throw networkError(error, 'upload');
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return;
  // S3 answers 403 for a link past its time (and for a bad signature, which a new link also cures).
  if (res.status === 403) {
    throw new PublishApiError(`upload refused: ${text.slice(0, 200)}`, 'FORBIDDEN', 403, false, 'expired');
  }
  throw new PublishApiError(
    `upload failed: HTTP ${res.status}`,
    res.status === 413
      ? 'PAYLOAD_TOO_LARGE'
      : isRetryableStatus(res.status)
        ? 'UNAVAILABLE'
        : 'VALIDATION_FAILED',
    res.status,
    isRetryableStatus(res.status),
  );
}
