import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { DependencyUnavailableError } from '@style-license/platform/queue';
import { GENERATION_JOB_TYPES, LICENSE_TERMS_V2 } from '@style-license/shared';
import { buildApp } from '../src/app';
import { generationEventHandlers, sweepOverdueGenerations } from '../src/domains/generation/events';
import { auditLedger, balanceOf } from '../src/domains/tokens/ledger';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import { requestedJob } from './licenses-support';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

describe('generation results: completion, failure, refunds, delivery and verification', () => {
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

  const handlers = () => generationEventHandlers(deps.database.db, deps.logger, deps.storage, 600);
  /** As the job-events consumer runs a handler (without its processed-event record). */
  async function apply(type: string, payload: unknown) {
    const handler = handlers()[type]!;
    if (typeof handler === 'function') return deps.database.db.transaction((tx) => handler(tx, payload));
    const prepared = await handler.prepare(payload);
    return deps.database.db.transaction((tx) => handler.apply(tx, payload, prepared));
  }
  /** What the relay and the job-events consumer would do with the clean-ups the outbox holds. */
  async function runCleanups() {
    const rows = await deps.database.db
      .select()
      .from(schema.outbox)
      .where(and(eq(schema.outbox.type, GENERATION_JOB_TYPES.cleanup), isNull(schema.outbox.sentAt)));
    for (const row of rows) {
      await apply(row.type, row.payload);
      await deps.database.db
        .update(schema.outbox)
        .set({ sentAt: new Date() })
        .where(eq(schema.outbox.id, row.id));
    }
    return rows.length;
  }
  const generationOf = async (id: string) =>
    (await deps.database.db.select().from(schema.generations).where(eq(schema.generations.id, id)))[0]!;
  const notesOf = (userId: string) =>
    deps.database.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId));

  async function bought(price = 10) {
    const { artist, style } = await readyStyle(deps, { price });
    const buyer = await buyerWith(deps, 30);
    const res = await callTrpc(app, 'generation.create', {
      input: generationInput(style),
      mutation: true,
      headers: buyer.browser,
    });
    return { artist, style, buyer, generation: res.data as { id: string; licenseId: null } };
  }

  /** As a worker reports it: with the license from the job, which its file was signed with. */
  async function complete(generationId: string, file = Buffer.from(`signed-${generationId}`)) {
    await deps.storage.put(`generations/${generationId}.png`, file);
    const event = {
      generationId,
      imageKey: `generations/${generationId}.png`,
      previewKey: `generations/${generationId}.webp`,
      sha256: createHash('sha256').update(file).digest('hex'),
      license: (await requestedJob(deps, generationId)).license,
    };
    await apply(GENERATION_JOB_TYPES.completed, event);
    return { file, event };
  }

  it('completion: succeeded, artist earns 100%, license bound to the file as issued, buyer notified — once', async () => {
    const { artist, style, buyer, generation } = await bought(10);
    const { event } = await complete(generation.id);
    await apply(GENERATION_JOB_TYPES.completed, event); // a duplicate changes nothing
    const row = await generationOf(generation.id);
    expect(row).toMatchObject({ status: 'succeeded', imageKey: event.imageKey });
    expect(await balanceOf(deps.database.db, artist.user.id)).toBe(10);
    const [license] = await deps.database.db
      .select()
      .from(schema.licenses)
      .where(eq(schema.licenses.id, row.licenseId!));
    expect(license).toMatchObject({
      ownerId: buyer.user.id,
      licenseeName: buyer.user.displayName,
      artistId: artist.user.id,
      artistName: artist.user.displayName,
      styleId: style.id,
      styleName: style.name,
      styleVersion: row.styleVersion,
      termsVersion: 2,
      terms: LICENSE_TERMS_V2.text(event.license, 'en'),
      termsKo: LICENSE_TERMS_V2.text(event.license, 'ko'),
      fileSha256: event.sha256,
    });
    expect((await notesOf(buyer.user.id)).map((n) => n.type)).toEqual(['image_generation_completed']);
  });

  it('a started attempt shows the generation running with its attempt count; a late start changes nothing', async () => {
    const { generation } = await bought(5);
    await apply(GENERATION_JOB_TYPES.started, { generationId: generation.id, attempt: 2 });
    await apply(GENERATION_JOB_TYPES.started, { generationId: generation.id, attempt: 1 });
    expect(await generationOf(generation.id)).toMatchObject({ status: 'running', attempts: 2 });
    await complete(generation.id);
    await apply(GENERATION_JOB_TYPES.started, { generationId: generation.id, attempt: 3 });
    expect(await generationOf(generation.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('failure: refunds exactly once with an entry naming the generation, and notifies once', async () => {
    const { buyer, generation } = await bought(10);
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(20);
    const failure = {
      generationId: generation.id,
      code: 'processing_failed',
      detail: 'engine crashed three times',
    };
    // A preview the worker left behind is removed with the refund.
    await deps.storage.put(`generations/${generation.id}.webp`, Buffer.from('partial'));
    await Promise.all([
      apply(GENERATION_JOB_TYPES.failed, failure),
      apply(GENERATION_JOB_TYPES.failed, failure),
    ]);
    await apply(GENERATION_JOB_TYPES.failed, failure);
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(30);
    const history = await callTrpc(app, 'tokens.history', {
      input: { kinds: ['generation_refund'] },
      headers: buyer.bearer,
    });
    const entries = (
      history.data as { entries: { delta: number; subject: { generationId: string; reason: string } }[] }
    ).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      delta: 10,
      // The worker's own detail stays in the log; the buyer reads a plain sentence.
      subject: {
        generationId: generation.id,
        reason: 'The image could not be generated; your tokens were refunded.',
      },
    });
    expect(await generationOf(generation.id)).toMatchObject({ failureCode: 'processing_failed' });
    // The refund did not wait for the store: the clean-up was asked for, and it removes the preview.
    expect(await deps.storage.list(`generations/${generation.id}`)).toHaveLength(1);
    expect(await runCleanups()).toBeGreaterThanOrEqual(1);
    expect(await deps.storage.list(`generations/${generation.id}`)).toEqual([]);
    const notes = await notesOf(buyer.user.id);
    expect(notes.map((n) => n.type)).toEqual(['image_generation_failed']);
    expect(notes[0]!.payload).toMatchObject({ reasonCode: 'processing_failed', refundedTokens: 10 });
    // A late success after the refund cannot resurrect it, and its unpaid-for file is not kept.
    await complete(generation.id);
    expect((await generationOf(generation.id)).status).toBe('failed');
    await runCleanups();
    expect(await deps.storage.list(`generations/${generation.id}`)).toEqual([]);
  });

  it('a clean-up asked for a generation that did not fail deletes nothing (a forged request)', async () => {
    const { generation } = await bought(5);
    await complete(generation.id);
    await apply(GENERATION_JOB_TYPES.cleanup, { generationId: generation.id });
    expect((await deps.storage.list(`generations/${generation.id}`)).length).toBeGreaterThan(0);
  });

  it('a result whose image is not in the store (yet) waits for it; one naming other files is refused', async () => {
    const { generation } = await bought(5);
    const event = {
      generationId: generation.id,
      imageKey: `generations/${generation.id}.png`,
      previewKey: `generations/${generation.id}.webp`,
      sha256: 'b'.repeat(64),
    };
    // Not a bad message and not yet a result: the consumer holds it and tries again (as for an outage).
    await expect(apply(GENERATION_JOB_TYPES.completed, event)).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect((await generationOf(generation.id)).status).toBe('queued');
    await expect(
      apply(GENERATION_JOB_TYPES.completed, { ...event, imageKey: 'generations/someone-elses.png' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('the sweep refunds every overdue generation even when one of them cannot be failed now', async () => {
    const first = await bought(5);
    const second = await bought(5);
    await deps.database.db
      .update(schema.generations)
      .set({ createdAt: new Date(Date.now() - 3600_000) })
      .where(inArray(schema.generations.id, [first.generation.id, second.generation.id]));
    const warnings: unknown[] = [];
    let calls = 0;
    // A database whose first transaction fails (as a dropped connection would), then works again.
    const flaky = new Proxy(deps.database.db, {
      get: (target, property, receiver) =>
        property === 'transaction' && calls++ === 0
          ? () => Promise.reject(new Error('connection lost'))
          : Reflect.get(target, property, receiver),
    });
    await sweepOverdueGenerations(flaky, 600, { warn: (entry: unknown) => void warnings.push(entry) });
    const statuses = await Promise.all(
      [first, second].map(async (b) => (await generationOf(b.generation.id)).status),
    );
    expect(statuses.filter((status) => status === 'failed')).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    await sweepOverdueGenerations(deps.database.db, 600, deps.logger);
    for (const b of [first, second]) expect((await generationOf(b.generation.id)).status).toBe('failed');
  });

  it('refuses a forged (malformed) event and ignores a result for an unknown generation', async () => {
    await expect(
      apply(GENERATION_JOB_TYPES.completed, { generationId: 'x', sha256: 'nope' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const unknown = randomUUID();
    await expect(
      apply(GENERATION_JOB_TYPES.completed, {
        generationId: unknown,
        imageKey: 'generations/forged.png',
        previewKey: 'generations/forged.webp',
        sha256: 'a'.repeat(64),
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await apply(GENERATION_JOB_TYPES.completed, {
      generationId: unknown,
      imageKey: `generations/${unknown}.png`,
      previewKey: `generations/${unknown}.webp`,
      sha256: 'a'.repeat(64),
    });
    expect(
      await deps.database.db
        .select()
        .from(schema.licenses)
        .where(eq(schema.licenses.fileSha256, 'a'.repeat(64))),
    ).toEqual([]);
  });

  it('the deadline sweeper fails and refunds a generation that never got a result', async () => {
    const { buyer, generation } = await bought(10);
    await deps.database.db
      .update(schema.generations)
      .set({ createdAt: new Date(Date.now() - 3600_000) })
      .where(eq(schema.generations.id, generation.id));
    await deps.storage.put(`generations/${generation.id}.webp`, Buffer.from('partial'));
    expect(await sweepOverdueGenerations(deps.database.db, 600, deps.logger)).toBeGreaterThanOrEqual(1);
    expect(await generationOf(generation.id)).toMatchObject({
      status: 'failed',
      failureCode: 'expired',
      failureReason: 'No result within 10 minutes; your tokens were refunded.',
    });
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(30);
    await runCleanups();
    expect(await deps.storage.list(`generations/${generation.id}`)).toEqual([]);
  });

  it.each([
    [30, 'No result within 30 seconds'],
    [150, 'No result within 2 minutes 30 seconds'],
    [45, 'No result within 45 seconds'],
  ])('states a %i s deadline as it is: "%s"', async (seconds, sentence) => {
    const { generation } = await bought(5);
    await deps.database.db
      .update(schema.generations)
      .set({ createdAt: new Date(Date.now() - 3600_000) })
      .where(eq(schema.generations.id, generation.id));
    await sweepOverdueGenerations(deps.database.db, seconds, deps.logger);
    expect((await generationOf(generation.id)).failureReason).toBe(`${sentence}; your tokens were refunded.`);
  });

  it("a worker cannot claim the sweeper's codes: its 'not_started' reads as processing_failed", async () => {
    const { generation } = await bought(5);
    await apply(GENERATION_JOB_TYPES.failed, { generationId: generation.id, code: 'not_started' });
    expect(await generationOf(generation.id)).toMatchObject({
      status: 'failed',
      failureCode: 'processing_failed',
    });
  });

  it('a job the worker dropped as expired is refunded with the deadline stated', async () => {
    const { buyer, generation, style } = await bought(10);
    await apply(GENERATION_JOB_TYPES.failed, { generationId: generation.id, code: 'expired' });
    expect(await generationOf(generation.id)).toMatchObject({
      status: 'failed',
      failureCode: 'expired',
      failureReason: 'No result within 10 minutes; your tokens were refunded.',
    });
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(30);
    // Its owner's views carry the limit and the style's name, so a client words them in any language.
    const seen = await callTrpc(app, 'generation.get', {
      input: { generationId: generation.id },
      headers: buyer.browser,
    });
    expect(seen.data).toMatchObject({ failureCode: 'expired', failureSeconds: 600, styleName: style.name });
    const mine = await callTrpc(app, 'generation.mine', { input: {}, headers: buyer.browser });
    expect((mine.data as { items: unknown[] }).items[0]).toMatchObject({
      id: generation.id,
      styleName: style.name,
      failureSeconds: 600,
    });
    const [note] = await notesOf(buyer.user.id);
    expect(note!.payload).toMatchObject({ styleName: style.name, reasonCode: 'expired', seconds: 600 });
  });

  it('delivers the licensed file to its owner only; others get LICENSE_REQUIRED (public) or NOT_FOUND', async () => {
    const { buyer, generation } = await bought(10);
    await complete(generation.id);
    const mine = await callTrpc(app, 'generation.download', {
      input: { generationId: generation.id },
      headers: buyer.bearer,
    });
    expect(mine.status).toBe(200);
    const url = new URL((mine.data as { url: string }).url);
    expect(url.pathname).toBe(`/files/generations/${generation.id}.png`);
    expect(url.searchParams.get('dn')).toBe(`style-license-${generation.id}.png`);
    const stranger = await signInAs(deps);
    const hidden = await callTrpc(app, 'generation.download', {
      input: { generationId: generation.id },
      headers: stranger.bearer,
    });
    expect(hidden.error?.data.code).toBe('NOT_FOUND');
    await deps.database.db
      .update(schema.generations)
      .set({ visibility: 'public', publishedAt: new Date() })
      .where(eq(schema.generations.id, generation.id));
    const licensed = await callTrpc(app, 'generation.download', {
      input: { generationId: generation.id },
      headers: stranger.bearer,
    });
    expect(licensed.status).toBe(403);
    expect(licensed.error?.data.code).toBe('LICENSE_REQUIRED');
    const view = await callTrpc(app, 'generation.get', {
      input: { generationId: generation.id },
      headers: stranger.bearer,
    });
    expect(view.data).toMatchObject({ id: generation.id, mine: false });
  });

  it('verifies a genuine file and its license id; an edited copy no longer matches', async () => {
    const { buyer, generation } = await bought(10);
    const { file } = await complete(generation.id);
    const verify = (input: unknown) =>
      callTrpc(app, 'licenses.verify', { input, mutation: true, headers: { 'x-style-license-csrf': '1' } });
    const byFile = await verify({ fileBase64: file.toString('base64') });
    expect(byFile.data).toMatchObject({
      genuine: true,
      licenseeId: buyer.user.id,
      licenseeName: buyer.user.displayName,
      generationId: generation.id,
    });
    const { licenseId } = await generationOf(generation.id);
    expect((await verify({ licenseId })).data).toMatchObject({ genuine: true });
    const edited = Buffer.concat([file, Buffer.from(' ')]);
    const byEdited = await verify({ fileBase64: edited.toString('base64') });
    expect(byEdited.data).toMatchObject({ genuine: false, reason: expect.stringContaining('edited copy') });
    const page = await app.inject(`/licenses/${licenseId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Genuine Style License');
  });
});
