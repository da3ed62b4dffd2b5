/**
 * Licenses say for good what they said at issue: the names, ids and terms the file was signed with.
 * Renaming the artist, the style or the licensee (after issue, or while the image renders) changes
 * neither verification nor the license page, which keep agreeing with the file and show today's names
 * only beside the issued ones; the database refuses to change a license; a result that carries someone
 * else's license is refused; an older worker's result gets the v1 license its file carries.
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { LICENSE_TERMS_V1 } from '@style-license/shared';
import { fileXmp } from '../../gpu-worker/test/xmp-strict';
import { buildApp } from '../src/app';
import { localeFromAcceptLanguage } from '../src/domains/licenses/page';
import { auditLedger } from '../src/domains/tokens/ledger';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import { completeWith, requestedJob, signAsWorker } from './licenses-support';
import { callTrpc, createTestDeps, type TestServerDeps } from './support';

const { generations, licenses, styles, users } = schema;

describe('licenses as issued', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    deps = await createTestDeps({ env: { GENERATION_RATE_LIMIT: '1000' } });
    app = await buildApp(deps);
  });
  afterAll(async () => {
    expect(await auditLedger(deps.database.db)).toEqual([]);
    await app.close();
    await deps.dispose();
  });

  const renameUser = (id: string, displayName: string) =>
    deps.database.db.update(users).set({ displayName }).where(eq(users.id, id));
  const renameStyle = (id: string, name: string) =>
    deps.database.db.update(styles).set({ name }).where(eq(styles.id, id));

  async function bought() {
    const { artist, style } = await readyStyle(deps, { price: 5 });
    const buyer = await buyerWith(deps, 10);
    const suffix = artist.user.id.slice(0, 6);
    await renameUser(artist.user.id, `Mira Quill ${suffix}`);
    await renameUser(buyer.user.id, `Ari Buyer ${suffix}`);
    const res = await callTrpc(app, 'generation.create', {
      input: generationInput(style),
      mutation: true,
      headers: buyer.browser,
    });
    const generationId = (res.data as { id: string }).id;
    const job = await requestedJob(deps, generationId);
    const [row] = await deps.database.db.select().from(generations).where(eq(generations.id, generationId));
    const file = await signAsWorker(job, row!.createdAt.getUTCFullYear());
    return { artist, style, buyer, generationId, job, file, suffix };
  }

  const verify = async (input: unknown) =>
    (
      await callTrpc(app, 'licenses.verify', {
        input,
        mutation: true,
        headers: { 'x-style-license-csrf': '1' },
      })
    ).data as Record<string, unknown> & { current: Record<string, string> };
  const page = async (licenseId: string) => (await app.inject(`/licenses/${licenseId}`)).body;
  const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  it('after renaming the artist, the style and the licensee, verify, the page and the file still agree', async () => {
    const { artist, style, buyer, generationId, job, file, suffix } = await bought();
    await completeWith(deps, generationId, file, job.license);
    const issued = {
      artistName: `Mira Quill ${suffix}`,
      styleName: style.name,
      licenseeName: `Ari Buyer ${suffix}`,
    };
    await renameUser(artist.user.id, `Renamed Artist ${suffix}`);
    await renameStyle(style.id, `Renamed Style ${suffix}`);
    await renameUser(buyer.user.id, `Famous Corp Inc ${suffix}`);

    const byFile = await verify({ fileBase64: file.toString('base64') });
    const byId = await verify({ licenseId: job.license.licenseId });
    // The same license either way; only how it was found differs.
    expect({ ...byId, evidence: undefined }).toEqual({ ...byFile, evidence: undefined });
    expect(byFile.evidence).toEqual({ by: 'file_hash', confidence: 1, exactFile: true });
    expect(byId.evidence).toEqual({ by: 'license_id', confidence: 1, exactFile: false });
    const { properties: xmp } = await fileXmp(file);
    const terms = xmp['xmpRights:UsageTerms'] as Record<string, string>;
    expect(byFile).toMatchObject({
      genuine: true,
      licenseId: job.license.licenseId,
      generationId,
      termsVersion: 2,
      terms: terms['x-default'],
      termsKo: terms.ko,
      ...issued,
      artistId: artist.user.id,
      artistUrl: `${deps.config.PUBLIC_URL}/artists/${artist.user.id}`,
      styleId: style.id,
      styleVersion: job.license.styleVersion,
      licenseeId: buyer.user.id,
      current: {
        artistName: `Renamed Artist ${suffix}`,
        styleName: `Renamed Style ${suffix}`,
        licenseeName: `Famous Corp Inc ${suffix}`,
      },
    });
    // The file says the same, field by field.
    expect(xmp['dc:creator']).toEqual([issued.artistName]);
    expect(xmp['stylelicense:StyleName']).toBe(issued.styleName);
    expect(xmp['stylelicense:LicenseeName']).toBe(issued.licenseeName);
    expect(xmp['stylelicense:ArtistId']).toBe(artist.user.id);
    expect(xmp['stylelicense:LicenseeId']).toBe(buyer.user.id);
    expect(xmp['stylelicense:LicenseId']).toBe(job.license.licenseId);
    expect(xmp['stylelicense:TermsVersion']).toBe('2');
    expect(terms['x-default']).toContain(`user ${buyer.user.id}, named "${issued.licenseeName}"`);

    const body = await page(job.license.licenseId);
    for (const text of [terms['x-default']!, terms.ko!]) expect(body).toContain(html(text));
    expect(body).toContain(
      `<strong>“${issued.licenseeName}”</strong> <small>(current name: “Famous Corp Inc ${suffix}”)</small>`,
    );
    expect(body).toContain(
      `<strong>“${issued.artistName}”</strong> <small>(current name: “Renamed Artist ${suffix}”)</small>`,
    );
    expect(body).toContain(
      `<strong>“${issued.styleName}”</strong> <small>(current name: “Renamed Style ${suffix}”)</small>`,
    );
    expect(body).toContain(`artist <code>${artist.user.id}</code>`);
    expect(body).toContain(`<a href="${deps.config.PUBLIC_URL}/artists/${artist.user.id}">profile</a>`);
    expect(body).toContain('under Style License terms\nv2');
    expect(body).not.toContain('only the unmodified file matches');
    expect(body).toContain('a modified copy is still covered by this license');
  });

  it('a rename while the image renders changes nothing either: the license says what the file was signed with', async () => {
    const { artist, style, buyer, generationId, job, file, suffix } = await bought();
    await renameUser(artist.user.id, `Late Artist ${suffix}`);
    await renameStyle(style.id, `Late Style ${suffix}`);
    await renameUser(buyer.user.id, `Late Buyer ${suffix}`);
    await completeWith(deps, generationId, file, job.license);
    const { properties: xmp } = await fileXmp(file);
    expect(await verify({ licenseId: job.license.licenseId })).toMatchObject({
      artistName: (xmp['dc:creator'] as string[])[0],
      styleName: xmp['stylelicense:StyleName'],
      licenseeName: xmp['stylelicense:LicenseeName'],
      terms: (xmp['xmpRights:UsageTerms'] as Record<string, string>)['x-default'],
      current: { artistName: `Late Artist ${suffix}`, licenseeName: `Late Buyer ${suffix}` },
    });
    expect(xmp['dc:creator']).toEqual([`Mira Quill ${suffix}`]);
    // A name no longer different is shown once, unmarked.
    expect(await page(job.license.licenseId)).not.toContain(`(current name: “${style.name}”)`);
  });

  it("the page links to the web client's page of the license in the visitor's language, and looks like it", async () => {
    const { generationId, job, file } = await bought();
    await completeWith(deps, generationId, file, job.license);
    const { licenseId } = job.license;
    const get = (headers: Record<string, string> = {}) =>
      app.inject({ url: `/licenses/${licenseId}`, headers });
    const korean = await get({ 'accept-language': 'ko-KR,ko;q=0.9,en-US;q=0.8' });
    expect(korean.statusCode).toBe(200);
    expect(korean.headers.vary).toContain('Accept-Language');
    expect(korean.body).toContain(
      `<a class="open" lang="ko" href="/ko/licenses/${licenseId}">스타일 라이선스에서 열기</a>`,
    );
    const english = await get({ 'accept-language': 'en-GB,ko;q=0.5' });
    expect(english.body).toContain(
      `<a class="open" lang="en" href="/en/licenses/${licenseId}">Open in Style License</a>`,
    );
    // No header, or no language we have: English.
    expect((await get()).body).toContain(`href="/en/licenses/${licenseId}"`);
    expect((await get({ 'accept-language': 'fr-FR,de;q=0.8' })).body).toContain(
      `href="/en/licenses/${licenseId}"`,
    );
    // Still a page that needs nothing else: no script, its look inline (the app's stone and violet).
    expect(korean.body).not.toContain('<script');
    expect(korean.body).toMatch(/<style>[^<]*#6d28d9[^<]*<\/style>/);
    expect(korean.body).toContain('Genuine Style License');
    // An id that is no license offers no app page of it.
    const unknown = await app.inject({
      url: '/licenses/00000000-0000-4000-8000-000000000000',
      headers: { 'accept-language': 'ko' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Not a valid license');
    expect(unknown.body).not.toContain('class="open"');
  });

  it("reads the visitor's language from Accept-Language by weight", () => {
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
    expect(localeFromAcceptLanguage('')).toBe('en');
    expect(localeFromAcceptLanguage('ko')).toBe('ko');
    expect(localeFromAcceptLanguage('fr-CA, ko-KR;q=0.7, en;q=0.6')).toBe('ko');
    expect(localeFromAcceptLanguage('en;q=0.4, ko;q=0.8')).toBe('ko');
    expect(localeFromAcceptLanguage('ko;q=0, en-US')).toBe('en');
    expect(localeFromAcceptLanguage('EN-us,KO')).toBe('en');
  });

  it('the database refuses to UPDATE or DELETE a license, whatever the code above it does', async () => {
    const { generationId, job, file } = await bought();
    await completeWith(deps, generationId, file, job.license);
    const refusal = async (change: Promise<unknown>) => {
      const error = await change.then(
        () => null,
        (e: unknown) => e as Error & { cause?: { message?: string; code?: string } },
      );
      expect(error, 'expected the database to refuse').not.toBeNull();
      return { message: String(error?.cause?.message ?? error?.message), code: error?.cause?.code };
    };
    const byId = eq(licenses.id, job.license.licenseId);
    const [before] = await deps.database.db.select().from(licenses).where(byId);
    for (const change of [
      deps.database.db.update(licenses).set({ licenseeName: 'Famous Corp Inc' }).where(byId),
      deps.database.db
        .update(licenses)
        .set({ fileSha256: 'f'.repeat(64) })
        .where(byId),
      deps.database.db.delete(licenses).where(byId),
    ])
      expect(await refusal(change)).toEqual({
        message: expect.stringMatching(/licenses are immutable once issued \((UPDATE|DELETE) refused\)/),
        code: '42501',
      });
    expect(await deps.database.db.select().from(licenses).where(byId)).toEqual([before]);
  });

  it('a result carrying another license (or buyer, artist, style version) is refused and issues nothing', async () => {
    const { generationId, job, file } = await bought();
    const other = await buyerWith(deps, 0);
    for (const forged of [
      { ...job.license, licenseeId: other.user.id },
      { ...job.license, artistId: other.user.id },
      { ...job.license, styleVersion: job.license.styleVersion + 1 },
    ])
      await expect(completeWith(deps, generationId, file, forged)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    const [row] = await deps.database.db.select().from(generations).where(eq(generations.id, generationId));
    expect(row!.status).toBe('queued');
    expect(
      await deps.database.db.select().from(licenses).where(eq(licenses.generationId, generationId)),
    ).toEqual([]);
  });

  it('a result from a worker older than the grant gets the v1 license its file carries, with the names at completion', async () => {
    const { artist, generationId, job, file, suffix } = await bought();
    await renameUser(artist.user.id, `Completion Artist ${suffix}`);
    await completeWith(deps, generationId, file, undefined);
    expect(await verify({ licenseId: job.license.licenseId })).toMatchObject({
      genuine: true,
      termsVersion: 1,
      terms: LICENSE_TERMS_V1,
      termsKo: null,
      artistName: `Completion Artist ${suffix}`,
      licenseeName: `Ari Buyer ${suffix}`,
      styleVersion: job.license.styleVersion,
    });
  });
});
