// notifications.list pages by cursor through a user's own notifications: newest first, each once, none
// missed when new ones arrive between pages, and another user's cursor yields nothing of theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { listNotifications, notify } from '../src/domains/notifications/service';
import { createTestDeps, signInAs, type TestServerDeps } from './support';

describe('notifications.list paging', () => {
  let deps: TestServerDeps;
  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    await deps?.dispose();
  });

  const note = (userId: string, n: number, createdAt?: Date) =>
    deps.database.db.insert(schema.notifications).values({
      userId,
      type: 'image_generation_completed',
      payload: { n },
      dedupeKey: `paging:${userId}:${n}`,
      ...(createdAt ? { createdAt } : {}),
    });

  it('walks every notification once, newest first, while new ones arrive', async () => {
    const { user } = await signInAs(deps);
    const same = new Date('2026-12-01T10:00:00.000Z');
    // Half share one timestamp: only the id orders them.
    for (let n = 0; n < 25; n++)
      await note(user.id, n, n % 2 === 0 ? same : new Date(same.getTime() - n * 1000));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listNotifications(deps.database.db, user.id, {
        limit: 7,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((i) => i.id));
      // Arriving now: newer than everything read, so never in a later page.
      await notify(deps.database.db, {
        userId: user.id,
        type: 'image_generation_completed',
        payload: { generationId: user.id, styleId: user.id, styleName: 'Late' },
        dedupeKey: `paging:late:${pages}`,
      });
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(25);
    const all = await deps.database.db.select().from(schema.notifications);
    const early = all.filter((r) => r.userId === user.id && !r.dedupeKey?.startsWith('paging:late'));
    expect(seen.sort()).toEqual(early.map((r) => r.id).sort());
  });

  it("gives nothing for another user's cursor", async () => {
    const a = await signInAs(deps);
    const b = await signInAs(deps);
    await note(a.user.id, 1);
    await note(b.user.id, 2);
    const [theirs] = (await listNotifications(deps.database.db, b.user.id, { limit: 5 })).items;
    const page = await listNotifications(deps.database.db, a.user.id, { limit: 5, cursor: theirs!.id });
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});
