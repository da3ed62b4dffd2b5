/**
 * A signature is accepted only if it shows once stamped (issue 11): faint, tiny, sparse and low-contrast
 * uploads are refused with `not_visible` and its reason, through the artist application and through
 * replacing a signature, and a refused upload leaves the previous signature exactly in place.
 */
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@style-license/db';
import { buildApp } from '../src/app';
import {
  NOT_VISIBLE_REASONS,
  outlineColourOf,
  type NotVisibleReason,
} from '../src/domains/artists/signature-visibility';
// The worker's own stamp, not a copy: the check must agree with what signing really draws.
import { buildSignatureLayer, compositeSignatureLayer } from '../../gpu-worker/src/signing/signature-layer';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

const STROKE = 'M60 200 C 150 60, 250 240, 400 120 S 520 180, 540 90';
const svg = (width: number, height: number, stroke: string, strokeWidth = 8, paper?: string) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      (paper ? `<rect width="100%" height="100%" fill="${paper}"/>` : '') +
      `<path d="${STROKE}" stroke="${stroke}" stroke-width="${strokeWidth}" fill="none"/></svg>`,
  );
const rgbaPng = (data: Buffer, width: number, height: number) =>
  sharp(data, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();

/** The normal signature with every inked pixel's alpha set to `alpha`. */
async function withInkAlpha(png: Buffer, alpha: number) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) data[i] = alpha;
  return rgbaPng(data, info.width, info.height);
}

/** Opaque black squares (x, y, side) on a transparent canvas. */
function squares(width: number, height: number, marks: [number, number, number][]) {
  const data = Buffer.alloc(width * height * 4);
  for (const [x, y, side] of marks)
    for (let dy = 0; dy < side; dy++)
      for (let dx = 0; dx < side; dx++) data.set([0, 0, 0, 255], ((y + dy) * width + x + dx) * 4);
  return rgbaPng(data, width, height);
}

const normal = () =>
  sharp(svg(600, 300, '#1a1a6e'))
    .png()
    .toBuffer();
const specks = () =>
  squares(400, 200, [
    [10, 10, 3],
    [380, 180, 3],
  ]);

/** Test signatures, made in code: the hostile ones of the issue, each with the reason it must get. */
const REFUSED: [string, () => Promise<Buffer>, NotVisibleReason][] = [
  ['ink of alpha 1', async () => withInkAlpha(await normal(), 1), 'too_faint'],
  ['ink of alpha 8', async () => withInkAlpha(await normal(), 8), 'too_faint'],
  ['one opaque pixel on a transparent canvas', () => squares(400, 200, [[200, 100, 1]]), 'too_faint'],
  // Visible as two dots, but not as a signature.
  ['two specks in opposite corners', specks, 'too_faint'],
  ['a 1×1 PNG', () => squares(1, 1, [[0, 0, 1]]), 'too_small'],
  ['a 2×1 PNG', () => squares(2, 1, [[0, 0, 1]]), 'too_small'],
  ['an 8×8 mark on a large canvas (trimmed to 8×8)', () => squares(400, 200, [[200, 100, 8]]), 'too_small'],
  [
    'faint pencil (#e4e4e4) on scanned white paper',
    () =>
      sharp(svg(600, 300, '#e4e4e4', 8, '#ffffff'))
        .jpeg()
        .toBuffer(),
    'low_contrast',
  ],
  [
    'half-transparent grey ink the outline swallows',
    () =>
      sharp(svg(600, 300, 'rgba(127,127,127,0.55)'))
        .png()
        .toBuffer(),
    'low_contrast',
  ],
];

/** And ones that must still pass. */
const ACCEPTED: [string, () => Promise<Buffer>][] = [
  ['a dark 8-px stroke on transparency', normal],
  [
    'the same scanned on white paper (JPG)',
    async () =>
      sharp(await normal())
        .flatten({ background: '#ffffff' })
        .jpeg()
        .toBuffer(),
  ],
  [
    'a thin 2-px pen line',
    () =>
      sharp(svg(600, 200, '#1a1a6e', 2))
        .png()
        .toBuffer(),
  ],
  ['ink of alpha 200', async () => withInkAlpha(await normal(), 200)],
  [
    'white ink (a black outline makes it show)',
    () =>
      sharp(svg(600, 300, '#ffffff'))
        .png()
        .toBuffer(),
  ],
];

const file = (bytes: Buffer) => ({ fileName: 'sig.png', dataBase64: bytes.toString('base64') });
type Browser = { browser: Record<string, string> };

/**
 * Pixels of a mid-grey 512-px image (the smallest the engines make) that the worker's stamp changes
 * visibly: by at least 1.5:1 in WCAG contrast (a solid stamp reaches about 3.3:1 there, its 80% opacity
 * capping it).
 */
async function visiblyStamped(signaturePng: Buffer): Promise<number> {
  const size = { width: 512, height: 512 };
  const layer = await buildSignatureLayer(signaturePng, size);
  const pixels = { data: Buffer.alloc(512 * 512 * 3, 128), ...size, channels: 3 as const };
  compositeSignatureLayer(pixels, layer);
  const lin = (v: number) => ((v / 255 + 0.055) / 1.055) ** 2.4;
  const grey = lin(128);
  let changed = 0;
  for (let i = 0; i < pixels.data.length; i += 3) {
    const l =
      0.2126 * lin(pixels.data[i]!) + 0.7152 * lin(pixels.data[i + 1]!) + 0.0722 * lin(pixels.data[i + 2]!);
    if ((Math.max(l, grey) + 0.05) / (Math.min(l, grey) + 0.05) >= 1.5) changed += 1;
  }
  return changed;
}

describe('signature visibility', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;

  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  let users = 0;
  /** A display name free of ids and unique by look, as an artist's must be. */
  const newUser = () => signInAs(deps, { email: `signer${(users += 1)}@example.test` });
  const apply = (who: Browser, bytes: Buffer) =>
    callTrpc(app, 'artists.submitApplication', {
      mutation: true,
      headers: who.browser,
      input: { contactEmail: 'me@art.test', signature: file(bytes) },
    });
  const replace = (who: Browser, bytes: Buffer) =>
    callTrpc(app, 'artists.replaceSignature', {
      mutation: true,
      headers: who.browser,
      input: { signature: file(bytes) },
    });
  const profileRow = async (userId: string) =>
    (
      await deps.database.db
        .select()
        .from(schema.artistProfiles)
        .where(eq(schema.artistProfiles.userId, userId))
    )[0];
  const userRow = async (userId: string) =>
    (await deps.database.db.select().from(schema.users).where(eq(schema.users.id, userId)))[0];
  const storedKeys = (userId: string) => deps.storage.list(`signatures/${userId}/`);

  const expectNotVisible = (res: Awaited<ReturnType<typeof callTrpc>>, reason: NotVisibleReason) => {
    expect(res.status).toBe(400);
    expect(res.error?.data).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { path: 'signature', rule: 'not_visible', value: reason, message: expect.any(String) as string },
      ],
    });
  };

  it('has a hostile case for every reason it can give', () => {
    const reasons = new Set(REFUSED.map(([, , reason]) => reason));
    expect([...reasons].sort()).toEqual([...NOT_VISIBLE_REASONS].sort());
  });

  describe.each(['submitApplication', 'replaceSignature'] as const)('%s', (path) => {
    it.each(REFUSED)(
      'refuses %s as not_visible and leaves everything as it was',
      async (_name, make, reason) => {
        const bytes = await make();
        if (path === 'submitApplication') {
          const who = await newUser();
          const before = await userRow(who.user.id);
          expectNotVisible(await apply(who, bytes), reason);
          expect(await userRow(who.user.id), 'still a plain user').toEqual(before);
          expect(await profileRow(who.user.id)).toBeUndefined();
          expect(await storedKeys(who.user.id)).toEqual([]);
          return;
        }
        const who = await newUser();
        expect((await apply(who, await normal())).status).toBe(200);
        const before = await profileRow(who.user.id);
        const beforeBytes = await deps.storage.get(before!.signatureKey);
        expectNotVisible(await replace(who, bytes), reason);
        expect(await profileRow(who.user.id), 'the previous signature stays current').toEqual(before);
        expect(await storedKeys(who.user.id)).toEqual([before!.signatureKey]);
        expect(await deps.storage.get(before!.signatureKey)).toEqual(beforeBytes);
      },
    );

    it.each(ACCEPTED)('accepts %s', async (_name, make) => {
      const bytes = await make();
      const who = await newUser();
      if (path === 'submitApplication') {
        expect((await apply(who, bytes)).status).toBe(200);
      } else {
        expect((await apply(who, await normal())).status).toBe(200);
        const oldKey = (await profileRow(who.user.id))!.signatureKey;
        expect((await replace(who, bytes)).status).toBe(200);
        expect((await profileRow(who.user.id))!.signatureKey).not.toBe(oldKey);
      }
      expect(await storedKeys(who.user.id)).toContain((await profileRow(who.user.id))!.signatureKey);
    });
  });

  it('accepts only what the worker stamps visibly, and refuses what it would stamp invisibly', async () => {
    for (const [name, make] of ACCEPTED) {
      const who = await newUser();
      expect((await apply(who, await make())).status).toBe(200);
      const stored = await deps.storage.get((await profileRow(who.user.id))!.signatureKey);
      expect(await visiblyStamped(stored), name).toBeGreaterThan(300);
    }
    // Stamped as uploaded, since nothing refused is stored: the worker would draw nothing anyone sees.
    const faint = ['ink of alpha 1', 'ink of alpha 8', 'one opaque pixel on a transparent canvas'];
    for (const [name, make] of REFUSED.filter(([n]) => faint.includes(n)))
      expect(await visiblyStamped(await make()), name).toBe(0);
  });

  it('judges contrast against the outline colour the worker picks', async () => {
    for (const [name, make] of ACCEPTED) {
      const who = await newUser();
      expect((await apply(who, await make())).status).toBe(200);
      const stored = await deps.storage.get((await profileRow(who.user.id))!.signatureKey);
      const layer = await buildSignatureLayer(stored, { width: 512, height: 512 });
      const raw = new Uint8Array(await sharp(stored).ensureAlpha().raw().toBuffer());
      expect(outlineColourOf(raw), name).toBe(layer.outlineColour);
    }
  });
});
