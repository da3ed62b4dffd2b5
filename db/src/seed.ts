/**
 * Demo data for `npm start` on an empty database: a buyer and an artist-to-be with wallets, and a tag
 * vocabulary in English and Korean. Idempotent: it does nothing when any user exists.
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
        { googleSub: 'demo-buyer', email: 'buyer@demo.local', displayName: 'Demo Buyer' },
        { googleSub: 'demo-artist', email: 'artist@demo.local', displayName: 'Demo Artist', locale: 'ko' },
      ])
      .returning({ id: users.id });
    await tx.insert(wallets).values(created.map((u) => ({ userId: u.id })));
    await tx
      .insert(tags)
      .values(DEMO_TAGS.map((name) => ({ name })))
      .onConflictDoNothing();
  });
  return { seeded: true };
}
