/**
 * The copyright check at training upload: nobody trains a style on another artist's training images,
 * nor on images generated on the platform — edited copies included — while an artist may reuse their
 * own works in several styles. A blocked image is refused with its rule, recorded for review, and
 * leaves nothing stored; the refusal says nothing of the other artist. Pale and textured pictures are
 * found too after a resize and JPEG q70 (the copy hash; the perceptual hash missed these).
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { buildApp } from '../src/app';
import { createTestDeps, signInAs, type TestServerDeps } from './support';
import { COPY_MATCH_BITS, copyHash, hammingDistance, perceptualHash } from '@style-license/platform/images';
import { artworks, paleNoisePicture, sha256, trainingApi, type Person } from './training-copyright-support';

const { trainingImages, uploadBlocks, users } = schema;

const resize75 = async (image: Buffer) => {
  const { width } = await sharp(image).metadata();
  return sharp(image)
    .resize(Math.round(width! * 0.75))
    .png()
    .toBuffer();
};
const jpeg = (quality: number) => (image: Buffer) => sharp(image).jpeg({ quality }).toBuffer();

describe('training uploads refuse other artists’ works and generated images', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  let api: ReturnType<typeof trainingApi>;
  let owner: Person;
  let ownerStyle: string;
  let works: Buffer[];

  beforeAll(async () => {
    deps = await createTestDeps({ env: { GENERATION_RATE_LIMIT: '1000', API_RATE_LIMIT: '10000' } });
    app = await buildApp(deps);
    api = trainingApi(app, deps);
    owner = await signInAs(deps, { role: 'artist' });
    ownerStyle = await api.createStyle(owner, 'Warm Washes');
    works = await artworks('ember', [0, 1, 2, 3]);
    const results = await api.upload(
      owner,
      ownerStyle,
      works.map((data, i) => ({ fileName: `wash-${i}.png`, data })),
    );
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.dispose();
  });

  const imagesOf = (styleId: string) =>
    deps.database.db.select().from(trainingImages).where(eq(trainingImages.styleId, styleId));
  const objectsOf = (styleId: string) => deps.storage.list(`styles/${styleId}/`);
  const blocksOf = (artistId: string, styleId: string) =>
    deps.database.db
      .select()
      .from(uploadBlocks)
      .where(and(eq(uploadBlocks.artistId, artistId), eq(uploadBlocks.styleId, styleId)))
      .orderBy(uploadBlocks.createdAt);

  it('refuses another artist’s training image as it is, resized to 75 % and re-encoded as JPEG; records each block and stores nothing', async () => {
    const copier = await signInAs(deps, { role: 'artist' });
    const styleId = await api.createStyle(copier, 'Borrowed');
    const copies = [
      { fileName: 'same.png', data: works[0]! },
      { fileName: 'smaller.png', data: await resize75(works[1]!) },
      { fileName: 'reencoded.jpg', data: await jpeg(80)(works[2]!) },
      { fileName: 'smaller-q70.jpg', data: await jpeg(70)(await resize75(works[3]!)) },
    ];
    const results = await api.upload(copier, styleId, copies);
    for (const [i, result] of results.entries()) {
      expect(result, copies[i]!.fileName).toMatchObject({
        fileName: copies[i]!.fileName,
        status: 'rejected',
        error: { code: 'VALIDATION_FAILED', rule: 'copyright_other_artist' },
      });
      // Nothing of the other artist: not their name, their style's name, nor their file's.
      const [ownerRow] = await deps.database.db.select().from(users).where(eq(users.id, owner.user.id));
      expect(result.error!.message).not.toContain(ownerRow!.displayName);
      expect(result.error!.message).not.toContain('Warm Washes');
      expect(result.error!.message).not.toContain('wash-');
    }
    expect(await imagesOf(styleId)).toEqual([]);
    expect(await objectsOf(styleId)).toEqual([]);

    const originals = await imagesOf(ownerStyle);
    const blocks = await blocksOf(copier.user.id, styleId);
    expect(blocks).toHaveLength(4);
    for (const [i, block] of blocks.entries()) {
      const matched = originals.find((o) => o.originalName === `wash-${i}.png`)!;
      expect(block).toMatchObject({
        fileName: copies[i]!.fileName,
        rule: 'copyright_other_artist',
        evidence: 'perceptual_hash',
        matchedImageId: matched.id,
        matchedStyleId: ownerStyle,
        matchedArtistId: owner.user.id,
        licenseId: null,
        ip: '127.0.0.1',
      });
      expect(block.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(block.hashDistance).toBeLessThanOrEqual(COPY_MATCH_BITS);
      expect(block.confidence).toBeGreaterThanOrEqual(0.95);
      expect(Date.now() - block.createdAt.getTime()).toBeLessThan(60_000);
    }
    const logged = deps.captured.lines.filter((line) =>
      String(line.msg).startsWith('training image blocked'),
    );
    expect(logged.filter((line) => line.styleId === styleId)).toHaveLength(4);
    expect(logged[0]).toMatchObject({ level: 40, rule: 'copyright_other_artist' });
  });

  it('refuses copies of pale and textured pictures resized to 75 % and saved as JPEG q70, which the perceptual hash put over 6 bits away', async () => {
    // Found by a search over the first 40 of each: the dHash moved these copies 9, 11 and 8 bits.
    const pale = [
      { fileName: 'neon-5.png', data: (await artworks('neon', [5]))[0]! },
      { fileName: 'pastel-1.png', data: (await artworks('pastel', [1]))[0]! },
      { fileName: 'noise-0.png', data: await paleNoisePicture(0) },
    ];
    const artist = await signInAs(deps, { role: 'artist' });
    const theirStyle = await api.createStyle(artist, 'Pale Works');
    const stored = await api.upload(artist, theirStyle, pale);
    expect(stored.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);

    const copier = await signInAs(deps, { role: 'artist' });
    const styleId = await api.createStyle(copier, 'Pale Copies');
    const copies = await Promise.all(
      pale.map(async (p) => ({
        fileName: p.fileName.replace('.png', '-copy.jpg'),
        data: await jpeg(70)(await resize75(p.data)),
      })),
    );
    for (const [i, copy] of copies.entries()) {
      const hashes = async (of: (image: Sharp) => Promise<string>) =>
        hammingDistance(await of(sharp(pale[i]!.data)), await of(sharp(copy.data)));
      expect(await hashes(perceptualHash), copy.fileName).toBeGreaterThan(6);
      expect(await hashes(copyHash), copy.fileName).toBeLessThanOrEqual(COPY_MATCH_BITS);
    }
    const results = await api.upload(copier, styleId, copies);
    expect(results.map((r) => [r.fileName, r.status, r.error?.rule])).toEqual(
      copies.map((c) => [c.fileName, 'rejected', 'copyright_other_artist']),
    );
    const originals = await imagesOf(theirStyle);
    const blocks = await blocksOf(copier.user.id, styleId);
    expect(blocks.map((b) => [b.fileName, b.matchedImageId])).toEqual(
      copies.map((c, i) => [c.fileName, originals.find((o) => o.originalName === pale[i]!.fileName)!.id]),
    );
    for (const block of blocks) expect(block.confidence).toBeGreaterThanOrEqual(0.95);
    expect(await imagesOf(styleId)).toEqual([]);
  });

  it('lets an artist train a second style on their own works, copies included', async () => {
    const second = await api.createStyle(owner, 'Warm Washes, Again');
    const results = await api.upload(owner, second, [
      { fileName: 'again.png', data: works[0]! },
      { fileName: 'again-smaller.jpg', data: await jpeg(70)(await resize75(works[1]!)) },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(await blocksOf(owner.user.id, second)).toEqual([]);
  });

  it('accepts another artist’s distinct pictures of the same look', async () => {
    const neighbour = await signInAs(deps, { role: 'artist' });
    const styleId = await api.createStyle(neighbour, 'Also Watercolour');
    const own = await artworks('ember', [100, 101, 102]);
    const results = await api.upload(
      neighbour,
      styleId,
      own.map((data, i) => ({ fileName: `mine-${i}.png`, data })),
    );
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('refuses an image generated on the platform as issued, as JPEG q70 and resized to 75 % — also to the style’s own artist', async () => {
    // 1024 px, as engines make them: the copy resized to 75 % is still large enough to upload.
    const [artwork] = await artworks('neon', [1], 1024);
    const issued = await api.generated(artwork!);
    const uploader = await signInAs(deps, { role: 'artist' });
    const styleId = await api.createStyle(uploader, 'From The Machine');
    const copies = [
      { fileName: 'issued.png', data: issued.file, evidence: 'file_hash' },
      { fileName: 'q70.jpg', data: await jpeg(70)(issued.file), evidence: 'license_mark' },
      { fileName: 'smaller.png', data: await resize75(issued.file), evidence: 'license_mark' },
    ];
    const results = await api.upload(uploader, styleId, copies);
    for (const [i, result] of results.entries()) {
      expect(result, copies[i]!.fileName).toMatchObject({
        status: 'rejected',
        error: { code: 'VALIDATION_FAILED', rule: 'copyright_generated' },
      });
    }
    expect(await imagesOf(styleId)).toEqual([]);
    expect(await objectsOf(styleId)).toEqual([]);
    const blocks = await blocksOf(uploader.user.id, styleId);
    expect(blocks.map((b) => [b.fileName, b.rule, b.evidence, b.licenseId, b.generationId])).toEqual(
      copies.map((c) => [
        c.fileName,
        'copyright_generated',
        c.evidence,
        issued.licenseId,
        issued.generationId,
      ]),
    );
    expect(blocks.every((b) => b.sha256 !== sha256(Buffer.alloc(0)))).toBe(true);

    // Generated output never trains a style, the one it came from included.
    const ownStyle = await api.createStyle(issued.styleArtist, 'My Own Output');
    const [own] = await api.upload(issued.styleArtist, ownStyle, [
      { fileName: 'mine.png', data: issued.file },
    ]);
    expect(own).toMatchObject({ status: 'rejected', error: { rule: 'copyright_generated' } });
  });
});
