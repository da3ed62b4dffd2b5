/**
 * Every notification type is made by its real cause, carrying the parameters NotificationPayloads lists:
 * image_liked by a like and image_commented by a comment (over the API); model_training_completed and
 * _failed, image_generation_completed and _failed by job events delivered to the server's job-events
 * consumer, as a worker sends them. Nobody is told about acting on their own image; a like toggled
 * again and again tells the owner once per liker. Notifications are read and marked by their owner only:
 * one id of someone else's fails the whole call (NOT_FOUND, nothing marked); 'all' is the caller's all.
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import type { Subscription } from '@style-license/platform/queue';
import {
  GENERATION_JOB_TYPES,
  JOB_TYPES,
  QUEUES,
  generationKeys,
  type NotificationPayloads,
  type NotificationType,
} from '@style-license/shared';
import { generationEventHandlers } from '../src/domains/generation/events';
import { trainingEventHandlers } from '../src/domains/training/events';
import { startJobEventsConsumer } from '../src/messaging/job-events';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import {
  caller,
  communityApp,
  expectError,
  ok,
  seedImage,
  type Caller,
  type CommunityApp,
} from './community-support';
import { signInAs, waitFor } from './support';

const { notifications, processedEvents, styles, trainingJobs } = schema;

type Seen = { id: string; type: NotificationType; payload: Record<string, unknown>; read: boolean };

describe('notifications from their causes', () => {
  let community: CommunityApp;
  let events: Subscription;

  beforeAll(async () => {
    community = await communityApp({ GENERATION_RATE_LIMIT: '1000', COMMENT_RATE_LIMIT: '1000' });
    const { deps } = community;
    // The server's own consumer and handlers, as start.ts wires them, on the test's queue.
    events = await startJobEventsConsumer(deps, {
      ...trainingEventHandlers(deps.logger),
      ...generationEventHandlers(deps.database.db, deps.logger, deps.storage, 600),
    });
  });
  afterAll(async () => {
    await events?.cancel();
    await community?.close();
  });

  /** Sends a job event as a worker does; returns its id. */
  const sendEvent = async (type: string, payload: unknown) => {
    const id = randomUUID();
    await community.deps.queue.publish(QUEUES.jobEvents, {
      id,
      type,
      createdAt: new Date().toISOString(),
      payload,
    });
    return id;
  };
  /** Waits until the consumer has handled (and recorded) every one of these events. */
  const handled = (ids: string[]) =>
    waitFor(
      async () =>
        (
          await community.deps.database.db
            .select()
            .from(processedEvents)
            .where(inArray(processedEvents.eventId, ids))
        ).length === ids.length,
      10_000,
      'the events to be handled',
    );
  const notesOf = async (userId: string) =>
    community.deps.database.db.select().from(notifications).where(eq(notifications.userId, userId));
  /** The one notification of `type` the user has, once the consumer has made it. */
  const awaitNote = (userId: string, type: NotificationType) =>
    waitFor(
      async () => (await notesOf(userId)).find((n) => n.type === type),
      10_000,
      `a ${type} notification`,
    );

  async function imageOf(ownerId: string) {
    const { artist, style } = await readyStyle(community.deps);
    const id = await seedImage(community.deps.database.db, { ownerId, styleId: style.id });
    return { id, style, artist };
  }

  it('image_liked: by a like from someone else, with the liker and the style', async () => {
    const owner = await signInAs(community.deps);
    const liker = await signInAs(community.deps);
    const { id, style } = await imageOf(owner.user.id);
    ok(await caller(community.app, liker.browser).mutate('likes.add', { generationId: id }));
    const notes = await notesOf(owner.user.id);
    expect(notes.map((n) => [n.type, n.read])).toEqual([['image_liked', false]]);
    expect(notes[0]!.payload).toEqual({
      generationId: id,
      styleName: style.name,
      likerId: liker.user.id,
      likerName: liker.user.displayName,
    } satisfies NotificationPayloads['image_liked']);
  });

  it('image_commented: by each comment from someone else, with an excerpt of plain text', async () => {
    const owner = await signInAs(community.deps);
    const author = await signInAs(community.deps);
    const { id, style } = await imageOf(owner.user.id);
    const as = caller(community.app, author.browser);
    const body = `<b>Lovely</b> ${'🌙'.repeat(200)}`;
    const comment = ok<{ id: string }>(await as.mutate('comments.add', { generationId: id, body }));
    ok(await as.mutate('comments.add', { generationId: id, body: 'again' }));
    const notes = await notesOf(owner.user.id);
    expect(notes.map((n) => n.type)).toEqual(['image_commented', 'image_commented']);
    const first = notes.find((n) => (n.payload as { commentId: string }).commentId === comment.id)!;
    expect(first.payload).toEqual({
      generationId: id,
      styleName: style.name,
      commentId: comment.id,
      authorId: author.user.id,
      authorName: author.user.displayName,
      excerpt: [...body].slice(0, 140).join(''),
    } satisfies NotificationPayloads['image_commented']);
  });

  it('tells nobody about liking or commenting on one’s own image', async () => {
    const owner = await signInAs(community.deps);
    const { id, artist } = await imageOf(owner.user.id);
    const self = caller(community.app, owner.browser);
    ok(await self.mutate('likes.add', { generationId: id }));
    ok(await self.mutate('comments.add', { generationId: id, body: 'my own' }));
    expect(await notesOf(owner.user.id)).toEqual([]);
    expect(await notesOf(artist.user.id)).toEqual([]);
  });

  it('tells the owner of a like toggled again and again once per liker', async () => {
    const owner = await signInAs(community.deps);
    const { id } = await imageOf(owner.user.id);
    const [ana, ben] = [await signInAs(community.deps), await signInAs(community.deps)];
    const asAna = caller(community.app, ana.browser);
    for (let n = 0; n < 3; n++) {
      ok(await asAna.mutate('likes.add', { generationId: id }));
      ok(await asAna.mutate('likes.remove', { generationId: id }));
    }
    // Toggled concurrently as well.
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        asAna.mutate(n % 2 ? 'likes.remove' : 'likes.add', { generationId: id }),
      ),
    );
    ok(await caller(community.app, ben.browser).mutate('likes.add', { generationId: id }));
    const likers = (await notesOf(owner.user.id)).map((n) => (n.payload as { likerId: string }).likerId);
    expect(likers.sort()).toEqual([ana.user.id, ben.user.id].sort());
  });

  it('model_training_completed and model_training_failed: by training job events', async () => {
    const db = community.deps.database.db;
    // What a training submission leaves: the style queued, its job queued for a worker.
    const artist = await signInAs(community.deps, { role: 'artist' });
    const queued = async (name: string) => {
      const [style] = await db
        .insert(styles)
        .values({ artistId: artist.user.id, name, priceTokens: 5, status: 'queued' })
        .returning();
      const [job] = await db.insert(trainingJobs).values({ styleId: style!.id, engine: 'quilt' }).returning();
      return { styleId: style!.id, jobId: job!.id };
    };
    const trained = await queued('Ink Wash');
    await sendEvent(JOB_TYPES.trainingProgress, { ...trained, progress: 50 });
    await sendEvent(JOB_TYPES.trainingCompleted, {
      ...trained,
      artifactKey: `models/${trained.styleId}/${trained.jobId}.quilt`,
      sampleKeys: [],
    });
    expect((await awaitNote(artist.user.id, 'model_training_completed')).payload).toEqual({
      ...trained,
      styleName: 'Ink Wash',
      version: 1,
    } satisfies NotificationPayloads['model_training_completed']);

    const failed = await queued('Charcoal');
    await sendEvent(JOB_TYPES.trainingFailed, { ...failed, code: 'invalid_request', detail: 'bad zip' });
    expect((await awaitNote(artist.user.id, 'model_training_failed')).payload).toEqual({
      ...failed,
      styleName: 'Charcoal',
      reasonCode: 'invalid_request',
      reason: expect.any(String),
    } satisfies NotificationPayloads['model_training_failed']);

    // A failed retrain keeps the version on sale, and says which.
    const { artist: retrainer, style } = await readyStyle(community.deps);
    const [job] = await db.insert(trainingJobs).values({ styleId: style.id, engine: 'quilt' }).returning();
    await sendEvent(JOB_TYPES.trainingFailed, { jobId: job!.id, styleId: style.id });
    expect((await awaitNote(retrainer.user.id, 'model_training_failed')).payload).toEqual({
      styleId: style.id,
      styleName: style.name,
      jobId: job!.id,
      reasonCode: 'processing_failed',
      keptVersion: 1,
      reason: expect.any(String),
    } satisfies NotificationPayloads['model_training_failed']);
    expect((await notesOf(artist.user.id)).map((n) => n.type).sort()).toEqual([
      'model_training_completed',
      'model_training_failed',
    ]);
  });

  it('image_generation_completed and image_generation_failed: by generation job events, once each', async () => {
    const { deps, app } = community;
    const { style } = await readyStyle(deps, { price: 7 });
    const buyer = await buyerWith(deps, 100);
    const buy = async () =>
      ok<{ id: string }>(await caller(app, buyer.browser).mutate('generation.create', generationInput(style)))
        .id;

    const done = await buy();
    await deps.storage.put(generationKeys(done).image, Buffer.from(`signed-${done}`));
    const completed = {
      generationId: done,
      imageKey: generationKeys(done).image,
      previewKey: generationKeys(done).preview,
      sha256: 'c'.repeat(64),
    };
    await sendEvent(GENERATION_JOB_TYPES.started, { generationId: done, attempt: 1 });
    await sendEvent(GENERATION_JOB_TYPES.completed, completed);
    expect((await awaitNote(buyer.user.id, 'image_generation_completed')).payload).toEqual({
      generationId: done,
      styleId: style.id,
      styleName: style.name,
    } satisfies NotificationPayloads['image_generation_completed']);

    const lost = await buy();
    await sendEvent(GENERATION_JOB_TYPES.failed, { generationId: lost, code: 'expired' });
    expect((await awaitNote(buyer.user.id, 'image_generation_failed')).payload).toEqual({
      generationId: lost,
      styleId: style.id,
      styleName: style.name,
      reasonCode: 'expired',
      seconds: 600,
      reason: expect.any(String),
      refundedTokens: 7,
    } satisfies NotificationPayloads['image_generation_failed']);

    // The same results sent again (a worker's retry), or a failure after the success, tell nobody again.
    await handled([
      await sendEvent(GENERATION_JOB_TYPES.completed, completed),
      await sendEvent(GENERATION_JOB_TYPES.failed, { generationId: lost }),
      await sendEvent(GENERATION_JOB_TYPES.failed, { generationId: done }),
    ]);
    const notes = await notesOf(buyer.user.id);
    expect(notes.map((n) => [n.type, (n.payload as { generationId: string }).generationId]).sort()).toEqual(
      [
        ['image_generation_completed', done],
        ['image_generation_failed', lost],
      ].sort(),
    );
  });
});

describe('reading and marking notifications', () => {
  let community: CommunityApp;
  beforeAll(async () => {
    community = await communityApp();
  });
  afterAll(async () => {
    await community?.close();
  });

  /** A user with `likes` unread image_liked notifications, made by that many likers. */
  async function notified(likes: number) {
    const { deps, app } = community;
    const session = await signInAs(deps);
    const { style } = await readyStyle(deps);
    const id = await seedImage(deps.database.db, { ownerId: session.user.id, styleId: style.id });
    for (let n = 0; n < likes; n++) {
      const liker = await signInAs(deps);
      ok(await caller(app, liker.browser).mutate('likes.add', { generationId: id }));
    }
    const who = caller(app, session.browser);
    const ids = ok<{ items: Seen[] }>(await who.query('notifications.list', {})).items.map((n) => n.id);
    expect(ids).toHaveLength(likes);
    return { who, ids, userId: session.user.id };
  }
  const unread = async (who: Caller) =>
    ok<{ count: number }>(await who.query('notifications.unreadCount')).count;
  const readFlags = async (userId: string) =>
    (
      await community.deps.database.db
        .select({ read: notifications.read })
        .from(notifications)
        .where(eq(notifications.userId, userId))
    ).map((n) => n.read);

  it("refuses another user's id with NOT_FOUND, marking nothing, not even the caller's own in that call", async () => {
    const alice = await notified(2);
    const bob = await notified(2);
    expectError(await bob.who.mutate('notifications.markRead', { ids: [alice.ids[0]] }), 'NOT_FOUND');
    expectError(
      await bob.who.mutate('notifications.markRead', { ids: [bob.ids[0], alice.ids[1]] }),
      'NOT_FOUND',
    );
    expectError(await bob.who.mutate('notifications.markRead', { ids: [randomUUID()] }), 'NOT_FOUND');
    expect(await readFlags(alice.userId)).toEqual([false, false]);
    expect(await readFlags(bob.userId)).toEqual([false, false]);
    expect(await unread(alice.who)).toBe(2);
    expect(await unread(bob.who)).toBe(2);
  });

  it('takes one id in two cases as one notification', async () => {
    const bob = await notified(2);
    const id = bob.ids[0]!;
    expect(ok(await bob.who.mutate('notifications.markRead', { ids: [id, id.toUpperCase()] }))).toEqual({
      updated: 1,
    });
    expect(await unread(bob.who)).toBe(1);
  });

  it("lists only one's own notifications", async () => {
    const alice = await notified(1);
    const bob = await notified(3);
    const listed = ok<{ items: Seen[] }>(await bob.who.query('notifications.list', {})).items;
    expect(listed.map((n) => n.id).sort()).toEqual([...bob.ids].sort());
    expect(listed.map((n) => n.id)).not.toContain(alice.ids[0]);
    expectError(await caller(community.app).query('notifications.list', {}), 'UNAUTHORIZED');
  });

  it("marks one read, then 'all' (the caller's only), with the unread count following", async () => {
    const alice = await notified(2);
    const bob = await notified(3);
    expect(ok(await bob.who.mutate('notifications.markRead', { ids: [bob.ids[0]] }))).toEqual({ updated: 1 });
    expect(await unread(bob.who)).toBe(2);
    const listed = ok<{ items: Seen[] }>(await bob.who.query('notifications.list', {})).items;
    expect(listed.find((n) => n.id === bob.ids[0])!.read).toBe(true);
    expect(ok(await bob.who.mutate('notifications.markRead', { ids: 'all' }))).toEqual({ updated: 2 });
    expect(await unread(bob.who)).toBe(0);
    expect(await readFlags(bob.userId)).toEqual([true, true, true]);
    expect(await unread(alice.who)).toBe(2);
    expect(await readFlags(alice.userId)).toEqual([false, false]);
  });
});
