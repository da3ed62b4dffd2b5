// Helpers for the copyright-check tests: the upload flow in process (the bytes put where the signed
// upload token says, as the presigned PUT would), artworks no other test draws, and generated images.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { schema } from '@style-license/db';
import { makeArtwork, type Artist } from '@style-license/gpu-worker/testing';
import { createRandom } from '@style-license/shared';
import { readUploadToken } from '../src/domains/training/upload-tokens';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import { completeWith, requestedJob, signAsWorker } from './licenses-support';
import type { signInAs } from './support';
import { callTrpc, type TestServerDeps } from './support';

export type Person = Awaited<ReturnType<typeof signInAs>>;
export type ConfirmResult = {
  fileName: string;
  status: 'accepted' | 'rejected';
  imageId?: string;
  error?: { code: string; rule: string; message: string };
};

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The same pictures every run (fixed indices), so the test is repeatable: each test file has a database
 * of its own, where no other test drew them.
 */
export const artworks = (look: Artist, indices: number[], size = 768) =>
  Promise.all(indices.map((index) => makeArtwork(look, index, { size })));

/**
 * A pale textured picture, the same for a seed: grey noise under a few strokes of nearly its tone — little
 * contrast, much fine detail, as a scanned pencil or paper texture has.
 */
export async function paleNoisePicture(seed: number, side = 768): Promise<Buffer> {
  const random = createRandom(seed);
  const noise = Buffer.alloc(side * side * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = 96 + Math.floor(random() * 64);
  const strokes = Array.from({ length: 10 }, () => {
    const [x1, y1, x2, y2] = [random(), random(), random(), random()].map((v) => Math.round(v * side));
    const grey = 112 + Math.round(random() * 32);
    const colour = `rgb(${grey},${grey + Math.round(random() * 16)},${grey - Math.round(random() * 16)})`;
    return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="${20 + random() * 60}" stroke-linecap="round"/>`;
  }).join('');
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}">${strokes}</svg>`,
  );
  return sharp(noise, { raw: { width: side, height: side, channels: 3 } })
    .blur(1.5)
    .composite([{ input: svg }])
    .png()
    .toBuffer();
}

export function trainingApi(app: FastifyInstance, deps: TestServerDeps) {
  async function createStyle(who: Person, name: string) {
    const res = await callTrpc(app, 'styles.create', {
      input: { name, description: '', tags: ['ink'], priceTokens: 5 },
      mutation: true,
      headers: who.browser,
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.error));
    return (res.data as { id: string }).id;
  }

  /** requestUploads → the bytes under each token's key → confirmUploads: the per-file results. */
  async function upload(who: Person, styleId: string, files: { fileName: string; data: Buffer }[]) {
    const requested = await callTrpc(app, 'training.requestUploads', {
      input: {
        styleId,
        files: files.map((f) => ({ fileName: f.fileName, byteSize: f.data.length, sha256: sha256(f.data) })),
      },
      mutation: true,
      headers: who.browser,
    });
    if (requested.status !== 200) throw new Error(JSON.stringify(requested.error));
    const uploads = (requested.data as { uploads: { uploadToken: string }[] }).uploads;
    await Promise.all(
      uploads.map(async (u, i) => {
        const { key } = readUploadToken(deps.config.STORAGE_SIGNING_SECRET, u.uploadToken, styleId);
        await deps.storage.put(key, files[i]!.data);
      }),
    );
    const confirmed = await callTrpc(app, 'training.confirmUploads', {
      input: { styleId, uploads: uploads.map((u) => ({ uploadToken: u.uploadToken, tags: [] })) },
      mutation: true,
      headers: who.browser,
    });
    if (confirmed.status !== 200) throw new Error(JSON.stringify(confirmed.error));
    return (confirmed.data as { results: ConfirmResult[] }).results;
  }

  /** A bought image, signed (and marked) as the worker signs it, on `artwork`; and its style's artist. */
  async function generated(artwork: Buffer) {
    const { artist, style } = await readyStyle(deps, { price: 5 });
    const buyer = await buyerWith(deps, 10);
    const res = await callTrpc(app, 'generation.create', {
      input: generationInput(style),
      mutation: true,
      headers: buyer.browser,
    });
    const generationId = (res.data as { id: string }).id;
    const job = await requestedJob(deps, generationId);
    const [row] = await deps.database.db
      .select()
      .from(schema.generations)
      .where(eq(schema.generations.id, generationId));
    const file = await signAsWorker(job, row!.createdAt.getUTCFullYear(), artwork);
    await completeWith(deps, generationId, file, job.license);
    return { file, licenseId: job.license.licenseId, generationId, styleArtist: artist, buyer };
  }

  return { createStyle, upload, generated };
}
