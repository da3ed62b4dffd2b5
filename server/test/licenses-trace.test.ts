/**
 * Verification traces an image back to its license by the strongest evidence it still carries: the
 * exact file issued, our content credentials (the feed preview carries them), or — for an edited copy (re-encoded, resized, cropped, the signature cut off) —
 * the invisible license mark, which names exactly one license. An unrelated image, or one marked with
 * another key, traces to nothing.
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { loadConfig } from '@style-license/platform/config';
import {
  addContentCredentials,
  contentCredentialsShape,
  createCredentialAuthority,
  credentialSignerFromPem,
  loadCredentialSigner,
} from '@style-license/platform/content-credentials';
import {
  createMarkReader,
  DEFAULT_MARK_KEY,
  embedMark,
  markPayloadOf,
} from '@style-license/platform/license-mark';
import { makeArtwork } from '../../gpu-worker/src/testing';
import { buildApp } from '../src/app';
import { tracePlatformOrigin } from '../src/domains/licenses/trace';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import { completeWith, requestedJob, signedAsWorker } from './licenses-support';
import { callTrpc, createTestDeps, type TestServerDeps } from './support';

const { generations } = schema;

const developmentSigner = () => loadCredentialSigner(loadConfig(contentCredentialsShape, {}));

describe('tracing images to their licenses', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    deps = await createTestDeps({ env: { GENERATION_RATE_LIMIT: '1000' } });
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  /** A bought image, signed as the worker signs it, on a textured 512² artwork. */
  async function issued(index: number) {
    const { style } = await readyStyle(deps, { price: 5 });
    const buyer = await buyerWith(deps, 10);
    const res = await callTrpc(app, 'generation.create', {
      input: generationInput(style),
      mutation: true,
      headers: buyer.browser,
    });
    const generationId = (res.data as { id: string }).id;
    const job = await requestedJob(deps, generationId);
    const [row] = await deps.database.db.select().from(generations).where(eq(generations.id, generationId));
    const artwork = await makeArtwork('neon', index, { size: 512 });
    const { png: file, webp: preview } = await signedAsWorker(job, row!.createdAt.getUTCFullYear(), artwork);
    await completeWith(deps, generationId, file, job.license);
    return { file, preview, licenseId: job.license.licenseId, generationId };
  }

  const verify = async (file: Buffer) =>
    (
      await callTrpc(app, 'licenses.verify', {
        input: { fileBase64: file.toString('base64') },
        mutation: true,
        headers: { 'x-style-license-csrf': '1' },
      })
    ).data as { genuine: boolean; licenseId?: string; evidence?: Record<string, unknown>; reason?: string };

  it('the exact file matches by its hash; edited copies by the license mark, each to its own license', async () => {
    const [first, second] = [await issued(1), await issued(2)];
    expect(await verify(first.file)).toMatchObject({
      genuine: true,
      licenseId: first.licenseId,
      evidence: { by: 'file_hash', confidence: 1, exactFile: true },
    });
    const edits: Record<string, (file: Buffer) => Promise<Buffer>> = {
      'JPEG q70': (f) => sharp(f).jpeg({ quality: 70 }).toBuffer(),
      'WebP q80': (f) => sharp(f).webp({ quality: 80 }).toBuffer(),
      'resized to 50 %': (f) => sharp(f).resize(256).png().toBuffer(),
      'signature strip cut off': (f) =>
        sharp(f).extract({ left: 0, top: 0, width: 512, height: 440 }).png().toBuffer(),
    };
    for (const [edit, apply] of Object.entries(edits)) {
      for (const image of [first, second]) {
        const answer = await verify(await apply(image.file));
        expect(answer, edit).toMatchObject({
          genuine: true,
          licenseId: image.licenseId,
          evidence: { by: 'license_mark', exactFile: false },
        });
        expect(answer.evidence!.confidence as number, edit).toBeGreaterThan(0.999999);
      }
    }
  });

  it('the feed preview (not the hashed file) traces by its content credentials, which name its license', async () => {
    const { preview, licenseId } = await issued(6);
    expect(await verify(preview)).toMatchObject({
      genuine: true,
      licenseId,
      evidence: { by: 'content_credentials', confidence: 1, exactFile: false },
    });
  });

  it("another service's content credentials are reported, valid but not ours; ours on an unissued license are not genuine", async () => {
    const picture = await makeArtwork('ember', 7, { size: 512 });
    const authority = await createCredentialAuthority({ organization: 'Other Generator Inc' });
    const foreignSigner = credentialSignerFromPem(authority.chainPem, authority.keyPem);
    const claim = {
      licenseId: '0badc0de-1234-4abc-8def-0123456789ab',
      licenseUrl: 'https://elsewhere.example/l/1',
      termsVersion: 2,
      styleId: 'style',
      styleName: 'Someone else',
      artistId: 'artist',
      artistName: 'Someone',
      artistProfileUrl: 'https://elsewhere.example/a',
      licenseeName: '',
    };
    const foreign = await addContentCredentials(picture, 'png', claim, foreignSigner);
    expect(await verify(foreign)).toMatchObject({
      genuine: false,
      credentials: { valid: true, ours: false, signer: 'Other Generator Inc', problem: null },
    });
    const oursUnissued = await addContentCredentials(picture, 'png', claim, developmentSigner());
    expect(await verify(oursUnissued)).toMatchObject({
      genuine: false,
      credentials: { valid: true, ours: true },
    });
  });

  it('an unmarked image, or one marked for a license that was never issued, is not genuine', async () => {
    const unmarked = await makeArtwork('ember', 3, { size: 512 });
    const answer = await verify(unmarked);
    expect(answer.genuine).toBe(false);
    expect(answer.reason).toMatch(/license mark/);

    const { data, info } = await sharp(unmarked).raw().toBuffer({ resolveWithObject: true });
    const pixels = { data, width: info.width, height: info.height, channels: info.channels };
    const forged = embedMark(pixels, markPayloadOf('0badc0de-1234-4abc-8def-0123456789ab'));
    const file = await sharp(forged.data, { raw: { width: 512, height: 512, channels: info.channels } })
      .png()
      .toBuffer();
    expect((await verify(file)).genuine).toBe(false);
  });

  it('a mark made with another key is not read at all', async () => {
    const { file } = await issued(4);
    const otherKey = {
      ...deps,
      config: { ...deps.config, LICENSE_MARK_KEY: 'another-deployment-key-of-32-characters!' },
    };
    const jpeg = await sharp(file).jpeg({ quality: 90 }).toBuffer();
    expect(await tracePlatformOrigin(otherKey, jpeg)).toBeNull();
    expect(await tracePlatformOrigin(deps, jpeg)).toMatchObject({ evidence: 'license_mark' });
  });

  it('a mark reader with too many readings waiting answers UNAVAILABLE with a retry time, not a 500', async () => {
    const busy = createMarkReader({ key: DEFAULT_MARK_KEY, threads: 1, maxWaiting: 0 });
    try {
      const unmarked = await makeArtwork('ember', 8, { size: 512 });
      await expect(tracePlatformOrigin({ ...deps, markReader: busy }, unmarked)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        retryAfter: 5,
      });
    } finally {
      await busy.close();
    }
  });

  it('the upload check reads marks with the quick search and still finds JPEG q70 and resized copies', async () => {
    const { file, licenseId } = await issued(5);
    for (const copy of [
      await sharp(file).jpeg({ quality: 70 }).toBuffer(),
      await sharp(file).resize(384).png().toBuffer(),
    ]) {
      expect(await tracePlatformOrigin(deps, copy, { purpose: 'upload-check' })).toMatchObject({
        licenseId,
        evidence: 'license_mark',
      });
    }
  });
});
