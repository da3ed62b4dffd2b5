/**
 * Demo data for `npm start` on an empty database: a buyer and an artist-to-be with wallets, both marked
 * demo, and a tag vocabulary in English and Korean. Idempotent: it does nothing when any user exists. The
 * demo artists, styles and generations are made on top of it by the server (server/src/demo/), through
 * its services; DEMO_CONTENT decides whether either runs.
 */
import { count } from 'drizzle-orm';
import type { Db } from './client';
import { tags, users, wallets } from './schema/index';

export const DEMO_TAGS = [
  'watercolor',
  'ink',
  'portrait',
  'landscape',
  'character',
  'pastel',
  'neon',
  'flat',
  '수채화',
  '풍경',
];

export async function seedDemoData(db: Db): Promise<{ seeded: boolean }> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return { seeded: false };
  await db.transaction(async (tx) => {
    const created = await tx
      .insert(users)
      .values([
        { googleSub: 'demo-buyer', email: 'buyer@demo.local', displayName: 'Demo Buyer', isDemo: true },
        {
          googleSub: 'demo-artist',
          email: 'artist@demo.local',
          displayName: 'Demo Artist',
          locale: 'ko',
          isDemo: true,
        },
      ])
      .returning({ id: users.id });
    await tx.insert(wallets).values(created.map((u) => ({ userId: u.id })));
    await seedTags(tx);
  });
  return { seeded: true };
}

/** The tag vocabulary alone, for a start without demo content; a no-op for tags that exist. */
export async function seedTags(db: Db): Promise<void> {
  await db
    .insert(tags)
    .values(DEMO_TAGS.map((name) => ({ name })))
    .onConflictDoNothing();
}
