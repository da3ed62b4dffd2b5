// A ready style (with an artist signature and a model key) and a buyer with tokens, made directly in
// the database: generation tests start where training tests end.
import { randomUUID } from 'node:crypto';
import { schema } from '@style-license/db';
import type { ServerDeps } from '../src/deps';
import { creditPurchase } from '../src/domains/tokens/ledger';
import { signInAs } from './support';

export async function readyStyle(
  deps: ServerDeps,
  options: {
    price?: number;
    status?: 'ready' | 'draft' | 'archived';
    artifactKey?: string;
    signatureKey?: string;
  } = {},
) {
  const artist = await signInAs(deps, { role: 'artist' });
  await deps.database.db.insert(schema.artistProfiles).values({
    userId: artist.user.id,
    contactEmail: artist.user.email,
    signatureKey: options.signatureKey ?? `signatures/${artist.user.id}/${randomUUID()}.png`,
  });
  const [style] = await deps.database.db
    .insert(schema.styles)
    .values({
      artistId: artist.user.id,
      name: `Style ${randomUUID().slice(0, 6)}`,
      priceTokens: options.price ?? 10,
      status: options.status ?? 'ready',
      modelArtifactKey: options.artifactKey ?? `models/${randomUUID()}.quilt`,
    })
    .returning();
  await deps.database.db
    .insert(schema.tags)
    .values([{ name: 'portrait' }, { name: 'landscape' }])
    .onConflictDoNothing();
  return { artist, style: style! };
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
