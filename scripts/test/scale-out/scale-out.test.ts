/**
 * Two server processes and two worker processes of the production build on one PostgreSQL, RabbitMQ and
 * S3-compatible store, every request sent to the next server in turn (scripts/topology/). A browser
 * session, a rate limit, a notification and a job must each work whichever server a request lands on;
 * every check below goes through both servers, and fails if one of them answered nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@style-license/db/testing';
import { Browser } from '../../../server/test/browser';
import type { client } from '../../journey';
import { becomeArtist, buyTokens, generate, signIn, trainStyle } from '../../journey';
import { startTopology, type Topology } from '../../topology/topology';
import { testServices } from './support';

describe('two servers and two workers behind a balancer', () => {
  let database: TestDatabase;
  let topology: Topology;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    topology = await startTopology({
      servers: 2,
      workers: 2,
      ...testServices(database.url),
      // The API's per-call limit out of the way of the polling below; the exact limits are the subject.
      env: { SIGNIN_RATE_LIMIT: '5', COMMENT_RATE_LIMIT: '4', API_RATE_LIMIT: '5000', OUTBOX_POLL_MS: '100' },
    });
  }, 180_000);
  afterAll(async () => {
    await topology?.stop();
    await database?.dispose();
  });

  /** Requests each server answered since `before` (a snapshot of the balancer's counts). */
  const servedSince = (before: Map<string, number>) =>
    topology.servers.map((s) => (topology.balancer.served.get(s.name) ?? 0) - (before.get(s.name) ?? 0));
  const snapshot = () => new Map(topology.balancer.served);

  // Each person signs in from an address of their own: the sign-in limit counts per address.
  let address = 10;
  const person = (name: string) =>
    signIn(
      topology.url,
      { name, email: `${randomUUID()}@example.test` },
      new Browser(`127.0.0.${address++}`),
    );

  it('keeps a session that one server made valid on the other', async () => {
    const before = snapshot();
    const api = await person('Session Keeper');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api.call<{ displayName: string }>('auth.me')),
    );
    expect(answers.map((me) => me.displayName)).toEqual(Array(10).fill('Session Keeper'));
    // The sign-in's own hops (start, callback) and the ten calls were spread over both.
    expect(servedSince(before).every((n) => n >= 5)).toBe(true);
    // Signing out on one server ends the session on both.
    await api.call('auth.signOut', {}, true);
    const after = await Promise.all([0, 1].map(() => api.call('auth.me')));
    expect(after).toEqual([null, null]);
  });

  it('counts a rate limit across both servers: the sign-in limit of one address, exactly', async () => {
    const before = snapshot();
    const from = new Browser('127.0.0.250');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await from.request(`${topology.url}/auth/signin`)).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(statuses.slice(0, 5).every((s) => s === 302)).toBe(true);
    expect(servedSince(before)).toEqual([4, 4]);
  });

  let artist: ReturnType<typeof client>;
  let artistId: string;
  let styleId: string;
  let buyer: ReturnType<typeof client>;

  it('runs jobs on both workers: a training and eight generations, each signed once', async () => {
    artist = await person('Scale Artist');
    await becomeArtist(artist);
    await buyTokens(topology.url, artist);
    artistId = (await artist.call<{ id: string }>('auth.me')).id;
    styleId = await trainStyle(artist, `Spread ${randomUUID().slice(0, 6)}`);
    buyer = await person('Scale Buyer');
    await buyTokens(topology.url, buyer, 'tokens_1000');
    const images = await Promise.all(
      Array.from({ length: 8 }, () => generate(buyer, styleId, { priceTokens: 5, pollMs: 250 })),
    );
    expect(new Set(images.map((image) => image.id)).size).toBe(8);
    const stored = topology.workers.map((w) => w.output().split('"generation signed and stored"').length - 1);
    expect(stored.reduce((a, b) => a + b)).toBe(8);
    // Both consumed from the shared queues (prefetch keeps one from taking all eight at once).
    expect(
      stored.every((n) => n > 0),
      `per worker: ${stored.join(', ')}`,
    ).toBe(true);
  });

  it('notifies once, whichever server made the event and whichever one is asked', async () => {
    const [image] = (await buyer.call<{ items: { id: string }[] }>('generation.mine', {})).items;
    await buyer.call('gallery.update', { generationId: image!.id, visibility: 'public' }, true);
    const fan = await person('Scale Fan');
    await fan.call('follows.add', { artistId }, true);
    // The same like sent to both servers at once: one like, one notification.
    await Promise.all([0, 1].map(() => fan.call('likes.add', { generationId: image!.id }, true)));
    const lists = await Promise.all(
      [0, 1].map(() => buyer.call<{ items: { type: string }[] }>('notifications.list', {})),
    );
    for (const list of lists) {
      expect(list.items.filter((n) => n.type === 'image_liked')).toHaveLength(1);
    }
    const counts = await Promise.all(
      [0, 1].map(() => buyer.call<{ count: number }>('notifications.unreadCount')),
    );
    expect(counts[0]).toEqual(counts[1]);
  });

  it('stops a server taken out of rotation under load in moments, with exit code 0 (a rolling deploy)', async () => {
    let reading = true;
    const readers = Array.from({ length: 16 }, async () => {
      while (reading) await (await fetch(`${topology.url}/trpc/gallery.feed?input=%7B%7D`)).text();
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // As a deploy does: the balancer stops sending it requests, then it gets SIGTERM with some in flight.
    const [first, second] = topology.servers;
    topology.balancer.setUpstreams([{ name: first!.name, port: Number(first!.spec.env.PORT) }]);
    const began = Date.now();
    const exit = await second!.stop();
    const took = Date.now() - began;
    reading = false;
    await Promise.all(readers);
    expect(exit, second!.tail()).toBe(0);
    // The balancer's pooled connection used to keep it waiting out the 20 s stop limit.
    expect(took).toBeLessThan(10_000);
    await second!.start();
    topology.balancer.setUpstreams(
      topology.servers.map((s) => ({ name: s.name, port: Number(s.spec.env.PORT) })),
    );
  });

  it('counts the comment limit of one person across both servers', async () => {
    const [image] = (await buyer.call<{ items: { id: string }[] }>('generation.mine', {})).items;
    const before = snapshot();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const hop = await buyer.browser.request(`${topology.url}/trpc/comments.add`, {
        json: { generationId: image!.id, body: `comment ${i}` },
        headers: { 'x-style-license-csrf': '1', origin: topology.url },
      });
      statuses.push(hop.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(servedSince(before).every((n) => n >= 3)).toBe(true);
    const page = await buyer.call<{ total: number }>('comments.list', { generationId: image!.id });
    expect(page.total).toBe(4);
  });
});
