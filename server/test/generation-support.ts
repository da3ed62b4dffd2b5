// A ready style (with an artist signature and a model key) and a buyer with tokens, made directly in
// the database: generation tests start where training tests end.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@style-license/db';
import { ENGINE_ARTIFACT_EXTENSIONS, type Engine } from '@style-license/shared';
import type { ServerDeps } from '../src/deps';
import { recordVersion } from '../src/domains/styles/versions';
import { creditPurchase } from '../src/domains/tokens/ledger';
import { signInAs } from './support';

export async function readyStyle(
  deps: ServerDeps,
  options: {
    price?: number;
    status?: 'ready' | 'draft' | 'archived';
    artifactKey?: string;
    signatureKey?: string;
    engine?: Engine;
  } = {},
) {
  const artist = await signInAs(deps, { role: 'artist' });
  await deps.database.db.insert(schema.artistProfiles).values({
    userId: artist.user.id,
    contactEmail: artist.user.email,
    signatureKey: options.signatureKey ?? `signatures/${artist.user.id}/${randomUUID()}.png`,
  });
  const engine = options.engine ?? 'quilt';
  const artifactKey = options.artifactKey ?? `models/${randomUUID()}.${ENGINE_ARTIFACT_EXTENSIONS[engine]}`;
  const status = options.status ?? 'ready';
  const [draft] = await deps.database.db
    .insert(schema.styles)
    .values({
      artistId: artist.user.id,
      name: `Style ${randomUUID().slice(0, 6)}`,
      priceTokens: options.price ?? 10,
      engine,
    })
    .returning();
  // A draft has never been trained; any other status here has version 1 of a model, as training leaves it.
  const style =
    status === 'draft'
      ? draft!
      : await putOnSale(deps.database.db, draft!.id, { artifactKey, status, engine });
  await deps.database.db
    .insert(schema.tags)
    .values([{ name: 'portrait' }, { name: 'landscape' }])
    .onConflictDoNothing();
  return { artist, style, artifactKey };
}

/**
 * What a succeeded training run does to a style, done directly: its next version (recorded by the
 * server's own code) becomes current and the style is `status` (ready unless said otherwise).
 */
export async function putOnSale(
  db: Db,
  styleId: string,
  options: {
    trainingJobId?: string;
    artifactKey?: string;
    engine?: Engine;
    status?: 'ready' | 'archived';
    set?: PgUpdateSetSource<typeof schema.styles>;
  } = {},
) {
  const version = await db.transaction(async (tx) => {
    await tx.select().from(schema.styles).where(eq(schema.styles.id, styleId)).for('update');
    return recordVersion(tx, {
      styleId,
      trainingJobId: options.trainingJobId ?? null,
      engine: options.engine ?? 'quilt',
      artifactKey: options.artifactKey ?? `models/${styleId}/${randomUUID()}.quilt`,
    });
  });
  const [style] = await db
    .update(schema.styles)
    .set({ ...options.set, status: options.status ?? 'ready', currentVersion: version })
    .where(eq(schema.styles.id, styleId))
    .returning();
  return style!;
}

export async function buyerWith(deps: ServerDeps, tokens: number) {
  const buyer = await signInAs(deps);
  if (tokens > 0)
    await creditPurchase(deps.database.db, {
      userId: buyer.user.id,
      amount: tokens,
      purchaseId: randomUUID(),
    });
  return buyer;
}

/** A buyer's purchase of `style` at the price it shows. */
export const generationInput = (
  style: { id: string; priceTokens: number },
  extra: Record<string, unknown> = {},
) => ({
  styleId: style.id,
  expectedPriceTokens: style.priceTokens,
  promptTags: ['portrait'],
  text: 'a quiet morning',
  idempotencyKey: `key-${randomUUID()}`,
  ...extra,
});
