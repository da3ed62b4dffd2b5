// Helpers for training tests: create a style and upload images through the real presigned flow.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { Browser } from './browser';

export interface Artist {
  browser: Record<string, string>;
}

export async function trpcCall(
  base: string,
  path: string,
  headers: Record<string, string>,
  input?: unknown,
  mutation = false,
) {
  const browser = new Browser();
  const hop = mutation
    ? await browser.request(`${base}/trpc/${path}`, { json: input ?? {}, headers })
    : await browser.request(
        `${base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
        { headers },
      );
  const body = JSON.parse(hop.body);
  return { status: hop.status, data: body.result?.data, error: body.error };
}

export async function createStyle(
  base: string,
  artist: Artist,
  input: { name: string; tags: string[]; priceTokens: number },
) {
  const res = await trpcCall(base, 'styles.create', artist.browser, { description: '', ...input }, true);
  expect(res.status, JSON.stringify(res.error)).toBe(200);
  return res.data.id as string;
}

export interface UploadFile {
  fileName: string;
  data: Buffer;
  tags: string[];
  /** Declare other bytes than those uploaded (the "different file" attack). */
  declared?: Buffer;
}

/** requestUploads → PUT straight to storage → confirmUploads; returns the per-file results. */
export async function uploadImages(base: string, artist: Artist, styleId: string, files: UploadFile[]) {
  const declared = files.map((f) => f.declared ?? f.data);
  const requested = await trpcCall(
    base,
    'training.requestUploads',
    artist.browser,
    {
      styleId,
      files: files.map((f, i) => ({
        fileName: f.fileName,
        byteSize: declared[i]!.length,
        sha256: createHash('sha256').update(declared[i]!).digest('hex'),
      })),
    },
    true,
  );
  expect(requested.status, JSON.stringify(requested.error)).toBe(200);
  const uploads = requested.data.uploads as { url: string; uploadToken: string }[];
  await Promise.all(
    uploads.map(async (u, i) => {
      const put = await fetch(u.url, { method: 'PUT', body: new Uint8Array(files[i]!.data) });
      expect(put.status).toBe(200);
    }),
  );
  const confirmed = await trpcCall(
    base,
    'training.confirmUploads',
    artist.browser,
    { styleId, uploads: uploads.map((u, i) => ({ uploadToken: u.uploadToken, tags: files[i]!.tags })) },
    true,
  );
  expect(confirmed.status, JSON.stringify(confirmed.error)).toBe(200);
  return confirmed.data.results as {
    fileName: string;
    status: 'accepted' | 'rejected';
    warning?: string;
    error?: { code: string; rule: string };
  }[];
}

/** Moved to the general test support, where the relay and recovery tests use it too. */
export { waitFor } from './support';
