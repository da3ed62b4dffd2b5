import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import sharp, { type SharpOptions } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { SIGNATURE_HEIGHT_PX, SIGNATURE_MAX_BYTES, SIGNATURE_MAX_WIDTH_PX } from '@style-license/shared';
import { buildApp } from '../src/app';
import { resolveSession } from '../src/domains/auth/sessions';
import { applyAsArtist } from '../src/domains/artists/service';
import type { Context } from '../src/trpc/context';
import { toErrorBody } from '../src/trpc/errors';
import { createCallerFactory } from '../src/trpc/init';
import { appRouter } from '../src/trpc/router';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

const svg = (width: number, height: number, path: string) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<path d="${path}" stroke="#1a1a6e" stroke-width="8" fill="none"/></svg>`,
  );
const STROKE = 'M60 200 C 150 60, 250 240, 400 120 S 520 180, 540 90';

const HTML = Buffer.from('<!doctype html><script>1</script>');
const CLEAR = { r: 0, g: 0, b: 0, alpha: 0 };
const toPng = (input: Buffer | SharpOptions) =>
  sharp(input as Buffer)
    .png()
    .toBuffer();

/** Test images, made in code: real uploads of each kind the rules talk about. */
async function makeImages() {
  const png = await toPng(svg(600, 300, STROKE));
  // Incompressible colours, opaque only along a bold stroke: a visible signature of just under 2 MB.
  const noise = randomBytes(720 * 720 * 4);
  const stroke = await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="720">` +
        `<path d="M60 500 C 200 150, 350 650, 500 300 S 650 450, 680 200" stroke="#000" stroke-width="40" fill="none"/></svg>`,
    ),
  )
    .ensureAlpha()
    .raw()
    .toBuffer();
  for (let i = 3; i < noise.length; i += 4) noise[i] = stroke[i]!;
  return {
    png,
    jpg: await sharp(png).flatten({ background: '#ffffff' }).jpeg().toBuffer(),
    wide: await toPng(svg(3000, 300, 'M50 150 L 2950 160')),
    blank: await toPng({ create: { width: 400, height: 200, channels: 4, background: CLEAR } }),
    gif: await sharp(png).gif().toBuffer(),
    webp: await sharp(png).webp().toBuffer(),
    // 49 MP of white compresses to ~150 KB: small on the wire, 196 MB once decoded.
    bomb: await toPng({ create: { width: 7000, height: 7000, channels: 3, background: '#fff' } }),
    // Just under 2 MB as a PNG.
    nearMax: await sharp(noise, { raw: { width: 720, height: 720, channels: 4 } })
      .png({ compressionLevel: 0 })
      .toBuffer(),
    overMax: Buffer.concat([png, Buffer.alloc(SIGNATURE_MAX_BYTES + 1 - png.length)]),
  };
}
type Images = Awaited<ReturnType<typeof makeImages>>;

type Browser = { browser: Record<string, string> };
const file = (fileName: string, bytes: Buffer) => ({ fileName, dataBase64: bytes.toString('base64') });

describe('artists', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  let img: Images;
  const createCaller = createCallerFactory(appRouter);

  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
    img = await makeImages();
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  const apply = (who: Browser, signature: unknown, contactEmail = 'me@art.test') =>
    callTrpc(app, 'artists.submitApplication', {
      mutation: true,
      headers: who.browser,
      input: { contactEmail, signature },
    });
  const replace = (who: Browser, signature: unknown) =>
    callTrpc(app, 'artists.replaceSignature', { mutation: true, headers: who.browser, input: { signature } });

  async function newArtist() {
    const who = await signInAs(deps);
    const res = await apply(who, file('sig.png', img.png));
    expect(res.status).toBe(200);
    return who;
  }

  /** A caller with a real session but no HTTP layer: for bodies over the server's current JSON body limit. */
  async function callerAs(who: { token: string }) {
    const auth = await resolveSession(deps.database.db, who.token);
    // `server`: the app's API rate limiter, which every procedure passes through.
    const req = { headers: {}, server: app };
    const ctx = { deps, req, res: {}, requestId: randomUUID(), log: deps.logger, auth };
    return createCaller({ ...ctx, credential: { via: 'bearer', token: who.token } } as unknown as Context);
  }

  const userRow = async (id: string) =>
    (await deps.database.db.select().from(schema.users).where(eq(schema.users.id, id)))[0]!;
  const profileRow = async (id: string) =>
    (
      await deps.database.db.select().from(schema.artistProfiles).where(eq(schema.artistProfiles.userId, id))
    )[0];
  const storedKeys = (userId: string) => deps.storage.list(`signatures/${userId}/`);

  async function expectNothingCreated(user: typeof schema.users.$inferSelect) {
    expect(await userRow(user.id), 'the user row is untouched (role, updatedAt)').toEqual(user);
    expect(await profileRow(user.id), 'no artist profile').toBeUndefined();
    expect(await storedKeys(user.id), 'no stored object').toEqual([]);
  }

  const warnings = (userId: string) =>
    deps.captured.lines.filter(
      (l) => l.level === 40 && l.msg === 'signature upload refused' && l.userId === userId,
    );

  /** Stored PNG: the fixed height, RGBA, and trimmed (each outermost row and column has some ink). */
  async function expectNormalised(key: string) {
    const png = await deps.storage.get(key);
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', height: SIGNATURE_HEIGHT_PX, channels: 4, hasAlpha: true });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const { width: w, height: h } = info;
    const inked = ([x, y]: number[]) => {
      const i = (y! * w + x!) * 4;
      return data[i + 3]! > 0 && Math.min(data[i]!, data[i + 1]!, data[i + 2]!) < 240;
    };
    const line = (n: number, at: (i: number) => number[]) => [...Array(n).keys()].map(at);
    const edges = {
      top: line(w, (x) => [x, 0]),
      bottom: line(w, (x) => [x, h - 1]),
      left: line(h, (y) => [0, y]),
      right: line(h, (y) => [w - 1, y]),
    };
    for (const [edge, pixels] of Object.entries(edges))
      expect(pixels.some(inked), `${edge} has ink`).toBe(true);
  }

  describe('submitApplication', () => {
    it('grants the artist role at once and stores a trimmed RGBA PNG of the fixed height', async () => {
      const who = await signInAs(deps);
      const res = await apply(who, file('my signature.PNG', img.png));
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ contactEmail: 'me@art.test' });
      const me = await callTrpc(app, 'auth.me', { headers: who.browser });
      expect(me.data).toMatchObject({ role: 'artist' });
      const [key] = await storedKeys(who.user.id);
      expect(key).toMatch(new RegExp(`^signatures/${who.user.id}/[0-9a-f-]{36}\\.png$`));
      expect((await profileRow(who.user.id))?.signatureKey).toBe(key);
      await expectNormalised(key!);
    });

    it('accepts a JPG, trimming its paper and storing it as PNG with an alpha channel', async () => {
      const who = await signInAs(deps);
      expect((await apply(who, file('scan.jpg', img.jpg))).status).toBe(200);
      await expectNormalised((await profileRow(who.user.id))!.signatureKey);
    });

    it('keeps the fixed height for a very long signature by capping the width and padding', async () => {
      const who = await signInAs(deps);
      expect((await apply(who, file('long.png', img.wide))).status).toBe(200);
      const key = (await profileRow(who.user.id))!.signatureKey;
      const meta = await sharp(await deps.storage.get(key)).metadata();
      expect(meta).toMatchObject({
        width: SIGNATURE_MAX_WIDTH_PX,
        height: SIGNATURE_HEIGHT_PX,
        hasAlpha: true,
      });
    });

    it.each([
      ['an SVG renamed .png', () => file('sig.png', svg(100, 50, STROKE)), 'format'],
      ['an HTML file renamed .png', () => file('sig.png', HTML), 'format'],
      ['a GIF renamed .png', () => file('sig.png', img.gif), 'format'],
      ['a WebP renamed .jpg', () => file('sig.jpg', img.webp), 'format'],
      ['a truncated PNG', () => file('sig.png', img.png.subarray(0, 600)), 'format'],
      ['a fully transparent PNG', () => file('sig.png', img.blank), 'not_empty'],
      ['a 49-megapixel PNG bomb', () => file('sig.png', img.bomb), 'max_pixels'],
      ['a .gif file name', () => file('sig.gif', img.png), 'custom'],
      ['data that is not base64', () => ({ fileName: 'sig.png', dataBase64: '<svg/>' }), 'invalid_format'],
    ])('refuses %s with VALIDATION_FAILED, creates nothing and warns', async (_name, signature, rule) => {
      const who = await signInAs(deps);
      const res = await apply(who, signature());
      expect(res.status).toBe(400);
      const data = res.error!.data as { code: string; details: { rule: string }[] };
      expect(data.code).toBe('VALIDATION_FAILED');
      expect(data.details).toEqual([expect.objectContaining({ rule })]);
      await expectNothingCreated(who.user);
      const [warning] = warnings(who.user.id);
      expect(warning).toMatchObject({
        requestId: res.headers['x-request-id'],
        path: 'artists.submitApplication',
      });
      expect(warning!.details).toEqual([expect.objectContaining({ rule })]);
    });

    it.each([
      ['2 MB + 1 byte (the service checks the size before decoding)', () => img.overMax, 'max_size'],
      ['3 MB (the input schema refuses the base64 length)', () => randomBytes(3 * 1024 * 1024), 'too_big'],
    ])('refuses a file of %s, creates nothing and warns', async (_name, bytes, rule) => {
      const who = await signInAs(deps);
      const caller = await callerAs(who);
      const error = await caller.artists
        .submitApplication({ contactEmail: 'me@art.test', signature: file('big.png', bytes()) })
        .catch((e: unknown) => toErrorBody(e));
      expect(error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ rule })],
      });
      await expectNothingCreated(who.user);
      expect(warnings(who.user.id)).toHaveLength(1);
    });

    it('takes a full 2 MB signature over HTTP: its route allows the base64 body', async () => {
      const who = await signInAs(deps);
      expect((await apply(who, file('noise.png', img.nearMax))).status).toBe(200);
      const refused = await signInAs(deps);
      const res = await apply(refused, file('big.png', img.overMax));
      expect(res.error?.data).toMatchObject({ code: 'VALIDATION_FAILED' });
      await expectNothingCreated(refused.user);
    });

    it('refuses a second application with CONFLICT and changes nothing', async () => {
      const who = await newArtist();
      const before = await profileRow(who.user.id);
      const res = await apply(who, file('other.png', img.jpg), 'new@art.test');
      expect(res.error?.data.code).toBe('CONFLICT');
      expect(await profileRow(who.user.id)).toEqual(before);
      expect(await storedKeys(who.user.id)).toEqual([before!.signatureKey]);
    });

    it('lets only one of two simultaneous applications win, leaving one stored object', async () => {
      const who = await signInAs(deps);
      const results = await Promise.all([
        apply(who, file('a.png', img.png)),
        apply(who, file('b.jpg', img.jpg)),
      ]);
      expect(results.map((r) => r.error?.data.code ?? 'ok').sort()).toEqual(['CONFLICT', 'ok']);
      expect(await storedKeys(who.user.id)).toEqual([(await profileRow(who.user.id))!.signatureKey]);
    });

    it('deletes the stored signature again when the transaction fails', async () => {
      const ghost = { id: randomUUID(), displayName: 'Ghost' }; // no such user: the profile insert breaks its foreign key
      const input = { contactEmail: 'me@art.test', signature: file('sig.png', img.png) };
      await expect(applyAsArtist(deps, ghost, input)).rejects.toThrow();
      expect(await storedKeys(ghost.id)).toEqual([]);
    });

    it('needs a signed-in user (UNAUTHORIZED)', async () => {
      const res = await apply({ browser: { 'x-style-license-csrf': '1' } }, file('sig.png', img.png));
      expect(res.error?.data.code).toBe('UNAUTHORIZED');
    });
  });

  describe('replaceSignature', () => {
    it('stores the new signature under a new key and keeps the old object for older images', async () => {
      const who = await newArtist();
      const oldKey = (await profileRow(who.user.id))!.signatureKey;
      const oldBytes = await deps.storage.get(oldKey);
      const res = await replace(who, file('new.jpg', img.jpg));
      expect(res.status).toBe(200);
      const newKey = (await profileRow(who.user.id))!.signatureKey;
      expect(newKey).not.toBe(oldKey);
      expect((await storedKeys(who.user.id)).sort()).toEqual([oldKey, newKey].sort());
      expect(await deps.storage.get(oldKey)).toEqual(oldBytes);
      await expectNormalised(newKey);
    });

    it('refuses a bad file, keeping the current signature and storing nothing', async () => {
      const who = await newArtist();
      const before = await profileRow(who.user.id);
      const res = await replace(who, file('sig.png', svg(100, 50, STROKE)));
      expect(res.error?.data).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await profileRow(who.user.id)).toEqual(before);
      expect(await storedKeys(who.user.id)).toEqual([before!.signatureKey]);
      expect(warnings(who.user.id)).toHaveLength(1);
    });

    it('is for artists only (FORBIDDEN) and signed-in users only (UNAUTHORIZED)', async () => {
      const user = await signInAs(deps);
      expect((await replace(user, file('sig.png', img.png))).error?.data.code).toBe('FORBIDDEN');
      expect(await storedKeys(user.user.id)).toEqual([]);
      const anonymous = { browser: { 'x-style-license-csrf': '1' } };
      expect((await replace(anonymous, file('sig.png', img.png))).error?.data.code).toBe('UNAUTHORIZED');
    });
  });

  describe('mySignatureUrl', () => {
    it('gives a short-lived link that serves the current signature', async () => {
      const who = await newArtist();
      const res = await callTrpc(app, 'artists.mySignatureUrl', { headers: who.browser });
      const { url, expiresAt } = res.data as { url: string; expiresAt: string };
      expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60 * 1000);
      const served = await app.inject(new URL(url).pathname + new URL(url).search);
      expect(served.statusCode).toBe(200);
      const key = (await profileRow(who.user.id))!.signatureKey;
      expect(served.rawPayload).toEqual(await deps.storage.get(key));
    });

    it('is for artists only', async () => {
      const user = await signInAs(deps);
      const res = await callTrpc(app, 'artists.mySignatureUrl', { headers: user.browser });
      expect(res.error?.data.code).toBe('FORBIDDEN');
    });
  });

  describe('page', () => {
    it('shows public data of an artist and nothing private', async () => {
      const who = await newArtist();
      const res = await callTrpc(app, 'artists.page', { input: { artistId: who.user.id } });
      expect(res.data).toEqual({
        id: who.user.id,
        displayName: who.user.displayName,
        avatarUrl: null,
        bio: null,
        joinedAt: who.user.createdAt.toISOString(),
        followerCount: 0,
        followedByMe: false,
        demo: false,
      });
      expect(JSON.stringify(res.data)).not.toContain('@');
    });

    it('answers NOT_FOUND for a user who is not an artist and for an unknown id', async () => {
      const user = await signInAs(deps);
      for (const artistId of [user.user.id, randomUUID()]) {
        const res = await callTrpc(app, 'artists.page', { input: { artistId } });
        expect(res.error?.data.code).toBe('NOT_FOUND');
      }
    });
  });
});
