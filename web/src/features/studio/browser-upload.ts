/**
 * The browser half of uploading: SHA-256 with Web Crypto, the PUT with XMLHttpRequest (fetch reports no
 * upload progress), and the one runner of the page's queue, wired to the tRPC client.
 */
import type { QueryClient } from '@tanstack/react-query';
import { ApiFailure } from '../../lib/errors';
import type { ApiClient } from '../../lib/trpc';
import { uploadQueue } from './upload-queue';
import { createUploadRunner } from './upload-runner';

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** PUTs the bytes to a presigned link, reporting the share sent; an HTTP error becomes an ApiFailure. */
export function putFile(url: string, file: Blob, onProgress: (share: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      const code =
        xhr.status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : xhr.status === 403
            ? 'FORBIDDEN'
            : xhr.status >= 500
              ? 'UNAVAILABLE'
              : 'VALIDATION_FAILED';
      reject(new ApiFailure(code));
    };
    // A network error: no code, as errorInfo reads a TypeError.
    xhr.onerror = () => reject(new TypeError('network'));
    xhr.send(file);
  });
}

let runner: ReturnType<typeof createUploadRunner> | null = null;

/** The page's one runner (the queue is one store, so two runners would send the same files). */
export function uploadRunner(
  client: ApiClient,
  queryClient: QueryClient,
  imagesKey: (styleId: string) => readonly unknown[],
) {
  runner ??= createUploadRunner(uploadQueue, {
    sha256: sha256Hex,
    put: putFile,
    requestUploads: (input) => client.training.requestUploads.mutate(input),
    confirmUploads: (input) => client.training.confirmUploads.mutate(input),
    onConfirmed: (styleId) => void queryClient.invalidateQueries({ queryKey: imagesKey(styleId) }),
  });
  return runner;
}
