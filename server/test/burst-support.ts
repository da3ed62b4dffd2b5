/**
 * What the burst tests share: a trained style and a buyer with tokens, made through the HTTP journey a
 * newcomer takes, and a wait for a set of generations to end (tolerating a database that is still down).
 */
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { becomeArtist, buyTokens, signIn, trainStyle, type client } from '../../scripts/journey';

export async function styleAndBuyer(base: string, styleName: string) {
  const email = () => `${randomUUID()}@example.test`;
  const artist = await signIn(base, { name: `${styleName} Artist`, email: email() });
  await becomeArtist(artist);
  await buyTokens(base, artist, 'tokens_100');
  const styleId = await trainStyle(artist, styleName);
  const buyer = await signIn(base, { name: `${styleName} Buyer`, email: email() });
  await buyTokens(base, buyer, 'tokens_1000');
  return { styleId, buyer };
}

/**
 * Buys one image as a client should: a 503 (the pool busy with a burst of charges on one wallet) is
 * retried with the same idempotency key, so it is bought once.
 */
export async function createGeneration(
  buyer: ReturnType<typeof client>,
  styleId: string,
  text: string,
): Promise<string> {
  const input = {
    styleId,
    expectedPriceTokens: 5, // the journey's style price
    promptTags: ['portrait'],
    text,
    idempotencyKey: randomUUID(),
  };
  for (let tries = 1; ; tries++) {
    try {
      return (await buyer.call<{ id: string }>('generation.create', input, true)).id;
    } catch (error) {
      if (tries === 5 || !String(error).includes('answered 503')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** Polls until none of `ids` is waiting; a poll that fails (the database is down) is repeated. */
export async function settledGenerations(db: Db, ids: string[], timeoutMs = 150_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db
      .select({
        id: schema.generations.id,
        status: schema.generations.status,
        failureCode: schema.generations.failureCode,
      })
      .from(schema.generations)
      .where(inArray(schema.generations.id, ids))
      .catch(() => null);
    if (rows?.every((row) => row.status === 'succeeded' || row.status === 'failed')) return rows;
    if (Date.now() > deadline) throw new Error(`generations still waiting: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
