import { createHash } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { purgeAbandonedUploads } from '../src/domains/training/abandoned-uploads';
import { issueUploadToken } from '../src/domains/training/upload-tokens';
import { badImages, goodJpeg, shapesJpeg } from './fixtures/bad-images';
import { realServicesEnv, signInAs, startTestServer } from './support';
import { createStyle, trpcCall, uploadImages } from './training-support';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('training-image uploads and submission refuse bad input, leaving nothing behind', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let artist: Awaited<ReturnType<typeof signInAs>>;
  let styleId: string;
  let bad: Awaited<ReturnType<typeof badImages>>;

  beforeAll(async () => {
    server = await startTestServer({
      ...realServicesEnv(),
      SIGNIN_RATE_LIMIT: '1000',
      API_RATE_LIMIT: '10000',
    });
    artist = await signInAs(server.deps, { role: 'artist' });
    styleId = await createStyle(server.base, artist, { name: 'Checks', tags: ['ink'], priceTokens: 3 });
    bad = await badImages();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const imageCount = async () =>
    (
      await server.db
        .select({ n: count() })
        .from(schema.trainingImages)
        .where(eq(schema.trainingImages.styleId, styleId))
    )[0]!.n;
  const objects = () => server.deps.storage.list(`styles/${styleId}/`);

  it.each([
    ['a 511×512 image', 'tooSmall', 'min_size'],
    ['a GIF renamed .jpg', 'gif', 'format'],
    ['a WebP renamed .jpg', 'webp', 'format'],
    ['an SVG renamed .jpg', 'svg', 'format'],
    ['a truncated JPEG', 'truncatedJpeg', 'decode'],
    ['a 20000×20000 PNG bomb', 'bomb', 'max_pixels'],
  ] as const)('refuses %s naming the file and the rule', async (_name, which, rule) => {
    const before = { images: await imageCount(), objects: (await objects()).length };
    const [result] = await uploadImages(server.base, artist, styleId, [
      { fileName: `${which}.jpg`, data: bad[which], tags: ['ink'] },
    ]);
    expect(result).toMatchObject({
      fileName: `${which}.jpg`,
      status: 'rejected',
      error: { code: 'VALIDATION_FAILED', rule },
    });
    expect(await imageCount()).toBe(before.images);
    expect((await objects()).length).toBe(before.objects);
  });

  it('refuses a presigned upload of a different file than the one declared', async () => {
    const [result] = await uploadImages(server.base, artist, styleId, [
      {
        fileName: 'swapped.jpg',
        data: await goodJpeg(640, 640, 3),
        declared: await goodJpeg(640, 640, 4),
        tags: [],
      },
    ]);
    expect(result).toMatchObject({ status: 'rejected', error: { rule: 'declared_mismatch' } });
    expect(await objects()).toEqual([]);
  });

  it('accepts a good image, refuses its exact duplicate, and flags a near duplicate', async () => {
    const image = await shapesJpeg(11);
    const [first] = await uploadImages(server.base, artist, styleId, [
      { fileName: 'a.jpg', data: image, tags: ['ink'] },
    ]);
    expect(first).toMatchObject({ status: 'accepted' });
    const [again] = await uploadImages(server.base, artist, styleId, [
      { fileName: 'a-copy.jpg', data: image, tags: [] },
    ]);
    expect(again).toMatchObject({ status: 'rejected', error: { rule: 'duplicate' } });
    const recompressed = await shapesJpeg(11, 60);
    const [near] = await uploadImages(server.base, artist, styleId, [
      { fileName: 'a-small.jpg', data: recompressed, tags: [] },
    ]);
    expect(near).toMatchObject({ status: 'accepted', warning: expect.stringContaining('a.jpg') });
    // Originals, training copies and thumbnails of the two accepted images, and nothing else.
    expect((await objects()).length).toBe(6);
  });

  it('refuses submission with 9 images (VALIDATION_FAILED image_count) and changes nothing', async () => {
    const other = await createStyle(server.base, artist, { name: 'Nine', tags: [], priceTokens: 3 });
    const files = await Promise.all(
      Array.from({ length: 9 }, async (_, i) => ({
        fileName: `n${i}.jpg`,
        data: await goodJpeg(600, 600, 100 + i),
        tags: [],
      })),
    );
    expect(
      (await uploadImages(server.base, artist, other, files)).every((r) => r.status === 'accepted'),
    ).toBe(true);
    const res = await trpcCall(
      server.base,
      'training.submit',
      artist.browser,
      { styleId: other, rightsAttested: true },
      true,
    );
    expect(res.status).toBe(400);
    expect(res.error.data).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ rule: 'image_count' }] });
    const [style] = await server.db.select().from(schema.styles).where(eq(schema.styles.id, other));
    expect(style!.status).toBe('draft');
    expect(
      await server.db.select().from(schema.trainingJobs).where(eq(schema.trainingJobs.styleId, other)),
    ).toEqual([]);
    expect(await server.db.select().from(schema.outbox)).toEqual([]);
  });

  it('refuses the 101st image of a style, but calls a resent image it holds a duplicate (done)', async () => {
    const full = await createStyle(server.base, artist, { name: 'Full', tags: [], priceTokens: 3 });
    const held = await goodJpeg(600, 600, 998);
    const heldSha = createHash('sha256').update(held).digest('hex');
    // 100 rows stand in for 100 accepted uploads (their bytes are irrelevant to the count rule); one of
    // them is `held`, as a client that crashed after its confirm would send it again.
    await server.db.insert(schema.trainingImages).values(
      Array.from({ length: 100 }, (_, i) => ({
        styleId: full,
        objectKey: `styles/${full}/originals/x${i}`,
        originalName: `x${i}.jpg`,
        width: 600,
        height: 600,
        format: 'jpeg' as const,
        byteSize: 1,
        sha256: i === 0 ? heldSha : `${i}`.padStart(64, '0'),
        perceptualHash: (BigInt(i) * 0x1111111111111n).toString(16).padStart(16, '0'),
      })),
    );
    const [result] = await uploadImages(server.base, artist, full, [
      { fileName: 'one-too-many.jpg', data: await goodJpeg(600, 600, 999), tags: [] },
    ]);
    expect(result).toMatchObject({ status: 'rejected', error: { rule: 'max_images' } });
    const [again] = await uploadImages(server.base, artist, full, [
      { fileName: 'sent-again.jpg', data: held, tags: [] },
    ]);
    expect(again).toMatchObject({ status: 'rejected', error: { rule: 'duplicate' } });
    expect(await server.deps.storage.list(`styles/${full}/`)).toEqual([]);
  });

  it('a retried confirm of an accepted upload keeps the accepted original', async () => {
    const image = await shapesJpeg(21);
    const file = {
      fileName: 'retry.jpg',
      byteSize: image.length,
      sha256: createHash('sha256').update(image).digest('hex'),
    };
    const requested = await trpcCall(
      server.base,
      'training.requestUploads',
      artist.browser,
      { styleId, files: [file] },
      true,
    );
    const [upload] = requested.data.uploads as { url: string; uploadToken: string }[];
    await fetch(upload!.url, { method: 'PUT', body: image });
    const confirm = () =>
      trpcCall(
        server.base,
        'training.confirmUploads',
        artist.browser,
        { styleId, uploads: [{ uploadToken: upload!.uploadToken, tags: [] }] },
        true,
      );
    expect((await confirm()).data.results[0].status).toBe('accepted');
    expect((await confirm()).data.results[0]).toMatchObject({
      status: 'rejected',
      error: { rule: 'duplicate' },
    });
    const [row] = await server.db
      .select()
      .from(schema.trainingImages)
      .where(eq(schema.trainingImages.originalName, 'retry.jpg'));
    expect(await server.deps.storage.head(row!.objectKey)).not.toBeNull();
  });

  it('refuses an upload token that names an object outside the style, even when correctly signed', async () => {
    await server.deps.storage.put('signatures/victim/sig.png', Buffer.from('not yours'));
    const token = issueUploadToken(server.deps.config.STORAGE_SIGNING_SECRET, {
      styleId,
      key: 'signatures/victim/sig.png',
      fileName: 'forged.jpg',
      byteSize: 9,
      sha256: 'a'.repeat(64),
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const res = await trpcCall(
      server.base,
      'training.confirmUploads',
      artist.browser,
      { styleId, uploads: [{ uploadToken: token, tags: [] }] },
      true,
    );
    expect(res.data.results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
    expect(await server.deps.storage.head('signatures/victim/sig.png')).not.toBeNull();
  });

  it('removes an uploaded file nobody confirmed once its link has long expired, keeping confirmed ones', async () => {
    const image = await shapesJpeg(31);
    const sha256 = createHash('sha256').update(image).digest('hex');
    const file = { fileName: 'forgotten.jpg', byteSize: image.length, sha256 };
    const requested = await trpcCall(
      server.base,
      'training.requestUploads',
      artist.browser,
      { styleId, files: [file] },
      true,
    );
    const [upload] = requested.data.uploads as { url: string }[];
    expect((await fetch(upload!.url, { method: 'PUT', body: image })).status).toBe(200);
    const before = await objects();
    expect(await purgeAbandonedUploads(server.db, server.deps.storage)).toBe(0); // its link is still valid
    await purgeAbandonedUploads(server.db, server.deps.storage, Date.now() + 3 * 3600_000);
    const after = await objects();
    expect(before.filter((key) => !after.includes(key))).toEqual([
      expect.stringMatching(new RegExp(`^styles/${styleId}/uploads/`)),
    ]); // the forgotten one went…
    const accepted = await server.db
      .select()
      .from(schema.trainingImages)
      .where(eq(schema.trainingImages.styleId, styleId));
    for (const row of accepted) expect(after).toContain(row.objectKey); // …the accepted ones stayed
    expect(await server.db.select().from(schema.pendingUploads)).toEqual([]);
  });

  /** One upload link, its token, and the object key the token names. */
  async function requestLink(fileName: string, declared: Buffer) {
    const file = { fileName, byteSize: declared.length, sha256: sha256(declared) };
    const requested = await trpcCall(
      server.base,
      'training.requestUploads',
      artist.browser,
      { styleId, files: [file] },
      true,
    );
    const [upload] = requested.data.uploads as { url: string; uploadToken: string }[];
    const grant = JSON.parse(Buffer.from(upload!.uploadToken.split('.')[0]!, 'base64url').toString());
    const put = async (body: Buffer) => (await fetch(upload!.url, { method: 'PUT', body })).status;
    const confirm = async () =>
      (
        await trpcCall(
          server.base,
          'training.confirmUploads',
          artist.browser,
          { styleId, uploads: [{ uploadToken: upload!.uploadToken, tags: [] }] },
          true,
        )
      ).data.results[0];
    return { uploadKey: grant.key as string, put, confirm };
  }
  const imageRow = async (id: string) =>
    (await server.db.select().from(schema.trainingImages).where(eq(schema.trainingImages.id, id)))[0]!;

  it('a confirmed original cannot be replaced through its upload link, which stays valid for its lifetime', async () => {
    const checked = await shapesJpeg(41);
    const link = await requestLink('kept.jpg', checked);
    expect(await link.put(checked)).toBe(200);
    const accepted = await link.confirm();
    expect(accepted).toMatchObject({ status: 'accepted' });
    const row = await imageRow(accepted.imageId);
    const stored = () => server.deps.storage.get(row.objectKey);
    const trainingCopy = await server.deps.storage.get(row.trainingKey!);
    expect([sha256(await stored()), (await stored()).length]).toEqual([row.sha256, row.byteSize]);

    expect(await link.put(await shapesJpeg(42))).toBe(200); // S3 cannot refuse a link before it expires
    expect(await stored()).toEqual(checked);
    expect(await server.deps.storage.get(row.trainingKey!)).toEqual(trainingCopy);
    expect(await link.confirm()).toMatchObject({ status: 'rejected', error: { rule: 'duplicate' } });
    expect(await stored()).toEqual(checked);
    // Whatever the link wrote goes with housekeeping after it expires; the original stays.
    await link.put(await shapesJpeg(43));
    await purgeAbandonedUploads(server.db, server.deps.storage, Date.now() + 3 * 3600_000);
    expect(await server.deps.storage.head(link.uploadKey)).toBeNull();
    expect(await stored()).toEqual(checked);
  });

  it('the stored original is the bytes that were checked, even if the link writes again during the confirm', async () => {
    const checked = await shapesJpeg(51);
    const link = await requestLink('raced.jpg', checked);
    await link.put(checked);
    const storage = server.deps.storage;
    const get = storage.get.bind(storage);
    // The other PUT lands just after the server read the upload, before anything is stored.
    storage.get = async (key) => {
      const bytes = await get(key);
      if (key === link.uploadKey) expect(await link.put(await shapesJpeg(52))).toBe(200);
      return bytes;
    };
    const result = await link.confirm().finally(() => (storage.get = get));
    expect(result).toMatchObject({ status: 'accepted' });
    const row = await imageRow(result.imageId);
    expect(await storage.get(row.objectKey)).toEqual(checked);
    expect(row.sha256).toBe(sha256(checked));
  });

  it('a PNG with a ZIP appended is accepted without the ZIP: the original, its SHA-256 and size are the image alone', async () => {
    const png = await sharp(await goodJpeg(600, 600, 61))
      .png()
      .toBuffer();
    const withZip = Buffer.concat([png, Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(512, 0x5a)]);
    const link = await requestLink('polyglot.png', withZip); // declared as uploaded, ZIP included
    await link.put(withZip);
    const result = await link.confirm();
    expect(result).toMatchObject({ status: 'accepted' });
    const row = await imageRow(result.imageId);
    expect(await server.deps.storage.get(row.objectKey)).toEqual(png);
    expect([row.sha256, row.byteSize]).toEqual([sha256(png), png.length]);
  });

  it("refuses someone else's style (FORBIDDEN) and an unknown one (NOT_FOUND)", async () => {
    const other = await signInAs(server.deps, { role: 'artist' });
    const files = [{ fileName: 'x.jpg', byteSize: 10, sha256: 'a'.repeat(64) }];
    const foreign = await trpcCall(
      server.base,
      'training.requestUploads',
      other.browser,
      { styleId, files },
      true,
    );
    expect(foreign.error.data.code).toBe('FORBIDDEN');
    const submit = await trpcCall(
      server.base,
      'training.submit',
      other.browser,
      { styleId, rightsAttested: true },
      true,
    );
    expect(submit.error.data.code).toBe('FORBIDDEN');
    const unknown = await trpcCall(
      server.base,
      'training.requestUploads',
      artist.browser,
      { styleId: '00000000-0000-4000-8000-000000000000', files },
      true,
    );
    expect(unknown.error.data.code).toBe('NOT_FOUND');
  });
});
