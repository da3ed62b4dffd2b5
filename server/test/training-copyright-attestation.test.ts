/**
 * Training starts only with the artist's attestation that they own the rights to every image of the
 * set. Without it the submit is refused with a typed error and changes nothing; with it, the statement's
 * version, the set it covers, the time, the address and the client are recorded with the run.
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { RIGHTS_STATEMENT_VERSION, TRAINING_IMAGES } from '@style-license/shared';
import { buildApp } from '../src/app';
import { submitForTraining } from '../src/domains/training/submit';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

const { artistProfiles, outbox, rightsAttestations, styles, trainingImages, trainingJobs } = schema;

describe('the rights attestation at submit', () => {
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

  /** A draft with the fewest images training takes, by an artist with a signature. */
  async function draftWithImages() {
    const artist = await signInAs(deps, { role: 'artist' });
    await deps.database.db.insert(artistProfiles).values({
      userId: artist.user.id,
      contactEmail: artist.user.email,
      signatureKey: `signatures/${artist.user.id}/${randomUUID()}.png`,
    });
    const [style] = await deps.database.db
      .insert(styles)
      .values({ artistId: artist.user.id, name: 'Morning Wash', priceTokens: 5 })
      .returning();
    const shas = Array.from({ length: TRAINING_IMAGES.min }, () =>
      createHash('sha256').update(randomUUID()).digest('hex'),
    );
    await deps.database.db.insert(trainingImages).values(
      shas.map((sha256, i) => ({
        styleId: style!.id,
        objectKey: `styles/${style!.id}/originals/${i}`,
        trainingKey: `styles/${style!.id}/training/${i}.png`,
        originalName: `${i}.png`,
        width: 512,
        height: 512,
        format: 'png' as const,
        byteSize: 1,
        sha256,
        perceptualHash: '0'.repeat(16),
      })),
    );
    return { artist, styleId: style!.id, shas };
  }

  const nothingChanged = async (styleId: string) => {
    const [style] = await deps.database.db.select().from(styles).where(eq(styles.id, styleId));
    expect(style!.status).toBe('draft');
    expect(
      await deps.database.db.select().from(trainingJobs).where(eq(trainingJobs.styleId, styleId)),
    ).toEqual([]);
    expect(
      await deps.database.db.select().from(rightsAttestations).where(eq(rightsAttestations.styleId, styleId)),
    ).toEqual([]);
    const messages = await deps.database.db.select({ payload: outbox.payload }).from(outbox);
    expect(messages.filter((m) => JSON.stringify(m.payload).includes(styleId))).toEqual([]);
  };

  it.each([
    ['without the attestation', {}],
    ['with rightsAttested: false', { rightsAttested: false }],
    ['with rightsAttested: "yes"', { rightsAttested: 'yes' }],
  ])(
    'refuses a submit %s (VALIDATION_FAILED, rule rights_attestation) and changes nothing',
    async (_, extra) => {
      const { artist, styleId } = await draftWithImages();
      const res = await callTrpc(app, 'training.submit', {
        input: { styleId, ...extra },
        mutation: true,
        headers: artist.browser,
      });
      expect(res.status).toBe(400);
      expect(res.error!.data).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'rightsAttested', rule: 'rights_attestation' }],
      });
      await nothingChanged(styleId);
    },
  );

  it('refuses a service caller that did not attest, too', async () => {
    const { artist, styleId } = await draftWithImages();
    const attestation = { rightsAttested: false, ip: null, userAgent: null };
    await expect(submitForTraining(deps, artist.user.id, styleId, attestation)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ rule: 'rights_attestation' }],
    });
    await nothingChanged(styleId);
  });

  it('records the attestation with the run: statement version, the set, time, address and client', async () => {
    const { artist, styleId, shas } = await draftWithImages();
    const before = Date.now();
    const res = await callTrpc(app, 'training.submit', {
      input: { styleId, rightsAttested: true },
      mutation: true,
      headers: { ...artist.browser, 'user-agent': 'StyleLicenseStudio/1.4 (test)' },
    });
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    const { jobId } = res.data as { jobId: string };
    const rows = await deps.database.db
      .select()
      .from(rightsAttestations)
      .where(eq(rightsAttestations.styleId, styleId));
    expect(rows).toEqual([
      expect.objectContaining({
        trainingJobId: jobId,
        artistId: artist.user.id,
        statementVersion: RIGHTS_STATEMENT_VERSION,
        imageCount: TRAINING_IMAGES.min,
        imagesSha256: createHash('sha256')
          .update([...shas].sort().join('\n'))
          .digest('hex'),
        ip: '127.0.0.1',
        userAgent: 'StyleLicenseStudio/1.4 (test)',
      }),
    ]);
    expect(rows[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
