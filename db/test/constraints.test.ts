import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, schema, type Database } from '../src/index';
import { createTestDatabase } from '../src/testing';

const { styles, tokenLedger, users, wallets } = schema;

/** The database itself must refuse impossible money and prices, whatever code runs above it. */
function constraintSuite(name: string, open: () => Promise<Database & { dispose?: () => Promise<void> }>) {
  describe(`database rules on ${name}`, () => {
    let database: Database & { dispose?: () => Promise<void> };
    let userId: string;

    beforeAll(async () => {
      database = await open();
      const [user] = await database.db
        .insert(users)
        .values({ googleSub: `sub-${name}`, email: 'a@example.com', displayName: 'A' })
        .returning();
      userId = user!.id;
      await database.db.insert(wallets).values({ userId, balance: 5 });
    });
    afterAll(async () => {
      if (database?.dispose) await database.dispose();
      else await database?.close();
    });

    const causeOf = async (p: Promise<unknown>) => {
      const error = await p.then(
        () => null,
        (e: unknown) => e as Error & { cause?: { message?: string } },
      );
      expect(error, 'expected the database to refuse').not.toBeNull();
      return String(error?.cause?.message ?? error?.message);
    };

    it('refuses a negative wallet balance', async () => {
      const message = await causeOf(
        database.db.update(wallets).set({ balance: -1 }).where(eq(wallets.userId, userId)),
      );
      expect(message).toMatch(/wallets_balance_nonnegative/);
      const [wallet] = await database.db.select().from(wallets).where(eq(wallets.userId, userId));
      expect(wallet?.balance).toBe(5);
    });

    it.each([0, 10001])('refuses a style price of %i tokens', async (price) => {
      const message = await causeOf(
        database.db.insert(styles).values({ artistId: userId, name: 'x', priceTokens: price }),
      );
      expect(message).toMatch(/styles_price_range/);
    });

    it('accepts the price bounds 1 and 10000', async () => {
      const rows = await database.db
        .insert(styles)
        .values([
          { artistId: userId, name: 'cheap', priceTokens: 1 },
          { artistId: userId, name: 'dear', priceTokens: 10000 },
        ])
        .returning();
      expect(rows).toHaveLength(2);
    });

    it('keeps the token ledger append-only', async () => {
      const [entry] = await database.db
        .insert(tokenLedger)
        .values({
          userId,
          delta: 5,
          balanceAfter: 5,
          kind: 'adjustment',
          referenceType: 'adjustment',
          referenceId: userId,
          idempotencyKey: `seed-${name}`,
        })
        .returning();
      expect(
        await causeOf(
          database.db.update(tokenLedger).set({ delta: 500 }).where(eq(tokenLedger.id, entry!.id)),
        ),
      ).toMatch(/append-only/);
      expect(await causeOf(database.db.delete(tokenLedger).where(eq(tokenLedger.id, entry!.id)))).toMatch(
        /append-only/,
      );
    });

    it('refuses a duplicate ledger idempotency key', async () => {
      const entry = {
        userId,
        delta: 1,
        balanceAfter: 1,
        kind: 'adjustment' as const,
        referenceType: 'adjustment',
        referenceId: userId,
        idempotencyKey: `dup-${name}`,
      };
      await database.db.insert(tokenLedger).values(entry);
      expect(await causeOf(database.db.insert(tokenLedger).values(entry))).toMatch(/idempotency_key/);
    });
  });
}

constraintSuite('PostgreSQL', () => createTestDatabase());
constraintSuite('PGlite', async () => {
  const database = await openDatabase('pglite:memory');
  await migrateDatabase(database);
  return database;
});
