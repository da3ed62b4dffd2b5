/**
 * Buying an image: one transaction charges the style's price, creates the generation (queued) and
 * writes the job to the outbox, so there is never a charge without a job or a job without a charge.
 * The client's idempotency key makes a retried request return the same generation, charged once; the
 * same key with different parameters is a CONFLICT.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import {
  AppError,
  GENERATION_JOB_TYPES,
  jobQueueName,
  SEED_MAX,
  type CreateGenerationInput,
  type GenerationRequested,
} from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { enqueue } from '../../messaging/outbox';
import { grantAtPurchase } from '../licenses/issue';
import { currentVersionOf } from '../styles/versions';
import { charge } from '../tokens/ledger';

const { artistProfiles, generations, styles, tags, users } = schema;
export type GenerationRow = typeof generations.$inferSelect;

export const licenseUrl = (publicUrl: string, licenseId: string) => `${publicUrl}/licenses/${licenseId}`;

async function purchasableStyle(tx: Db, styleId: string, buyerId: string) {
  const [row] = await tx
    .select({ style: styles, artistName: users.displayName, signatureKey: artistProfiles.signatureKey })
    .from(styles)
    .innerJoin(users, eq(users.id, styles.artistId))
    .leftJoin(artistProfiles, eq(artistProfiles.userId, styles.artistId))
    .where(eq(styles.id, styleId));
  // A style that is not ready is invisible to buyers; its own artist learns why it cannot be bought.
  if (!row || (row.style.status !== 'ready' && row.style.artistId !== buyerId)) {
    throw new AppError('NOT_FOUND', 'No such style');
  }
  if (row.style.status !== 'ready')
    throw new AppError('CONFLICT', `The style is ${row.style.status}, not ready`);
  // The version on sale, also while a retrain runs: the purchase is made with it and records it.
  const model = await currentVersionOf(tx, styleId);
  if (!model || !row.signatureKey) {
    throw new AppError('CONFLICT', 'The style cannot be generated from right now');
  }
  return { ...row, signatureKey: row.signatureKey, model };
}

/**
 * The buyer pays the price they saw or nothing. Compared with the price this transaction read, which is
 * also what it charges: a reprice committed a moment later cannot change this purchase.
 */
function assertPriceSeen(price: number, expected: number) {
  if (price === expected) return;
  throw new AppError('CONFLICT', `The price is now ${price} tokens`, {
    details: [{ path: 'expectedPriceTokens', rule: 'price_changed', message: `now ${price}`, value: price }],
  });
}

async function assertKnownTags(tx: Db, names: string[]) {
  if (names.length === 0) return;
  const known = await tx.select({ name: tags.name }).from(tags).where(inArray(tags.name, names));
  const unknown = names.filter((n) => !known.some((k) => k.name === n));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', `Unknown tags: ${unknown.join(', ')}`, {
      details: unknown.map((tag) => ({ path: 'promptTags', rule: 'unknown_tag', message: tag })),
    });
  }
}

function sameRequest(row: GenerationRow, input: CreateGenerationInput): boolean {
  return (
    row.styleId === input.styleId &&
    row.costTokens === input.expectedPriceTokens &&
    row.promptText === input.text &&
    JSON.stringify([...row.promptTags].sort()) === JSON.stringify([...input.promptTags].sort()) &&
    (input.seed === undefined || input.seed === row.seed)
  );
}

async function findByKey(db: Db, ownerId: string, key: string) {
  const [row] = await db
    .select()
    .from(generations)
    .where(and(eq(generations.ownerId, ownerId), eq(generations.idempotencyKey, key)));
  return row;
}

function replayOrConflict(row: GenerationRow, input: CreateGenerationInput): GenerationRow {
  if (!sameRequest(row, input)) {
    throw new AppError('CONFLICT', 'This idempotency key was already used for a different request');
  }
  return row;
}

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string; cause?: { code?: string } })?.cause?.code === '23505' ||
  (error as { code?: string })?.code === '23505';

export async function createGeneration(
  deps: Pick<ServerDeps, 'database' | 'config'>,
  buyerId: string,
  input: CreateGenerationInput,
  requestId?: string,
): Promise<GenerationRow> {
  const { db } = deps.database;
  const earlier = await findByKey(db, buyerId, input.idempotencyKey);
  if (earlier) return replayOrConflict(earlier, input);
  try {
    return await db.transaction(async (tx) => {
      const style = await purchasableStyle(tx, input.styleId, buyerId);
      await assertKnownTags(tx, input.promptTags);
      const id = randomUUID();
      const [row] = await tx
        .insert(generations)
        .values({
          id,
          ownerId: buyerId,
          styleId: style.style.id,
          styleVersion: style.model.version,
          promptTags: input.promptTags,
          promptText: input.text,
          seed: input.seed ?? randomInt(0, SEED_MAX),
          costTokens: style.style.priceTokens,
          idempotencyKey: input.idempotencyKey,
          licenseId: randomUUID(),
        })
        .returning();
      // After the insert, not before: a retry racing its own first request waits here on the key's
      // unique index and then returns that request's generation, instead of reporting a reprice that
      // happened after the buyer's purchase went through.
      assertPriceSeen(style.style.priceTokens, input.expectedPriceTokens);
      const ref = { type: 'generation', id };
      await charge(tx, {
        userId: buyerId,
        amount: style.style.priceTokens,
        ref,
        key: `charge:generation:${id}`,
      });
      const payload: GenerationRequested = {
        generationId: id,
        styleId: style.style.id,
        engine: style.model.engine,
        artifactKey: style.model.artifactKey,
        signatureKey: style.signatureKey,
        // What the file and the license will say, fixed now: a rename while it renders changes neither.
        license: await grantAtPurchase(tx, {
          licenseId: row!.licenseId!,
          licenseUrl: licenseUrl(deps.config.PUBLIC_URL, row!.licenseId!),
          artistId: style.style.artistId,
          artistName: style.artistName,
          styleId: style.style.id,
          styleName: style.style.name,
          styleVersion: style.model.version,
          engine: style.model.engine,
          licenseeId: buyerId,
        }),
        tags: input.promptTags,
        text: input.text,
        seed: row!.seed,
        // The sweeper's cutoff for this row: past it the buyer is refunded, so rendering is wasted.
        deadline: new Date(
          row!.createdAt.getTime() + deps.config.GENERATION_DEADLINE_SECONDS * 1000,
        ).toISOString(),
      };
      await enqueue(tx, {
        // The engine that trained this version: no other engine can read its model.
        queue: jobQueueName('image_generation', style.model.engine),
        type: GENERATION_JOB_TYPES.requested,
        payload,
        requestId,
      });
      return row!;
    });
  } catch (error) {
    // Two concurrent requests with one key: the loser of the unique index returns the winner's row.
    if (isUniqueViolation(error)) {
      const winner = await findByKey(db, buyerId, input.idempotencyKey);
      if (winner) return replayOrConflict(winner, input);
    }
    throw error;
  }
}
