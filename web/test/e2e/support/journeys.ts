/**
 * Steps several journeys share: the development sign-in and checkout pages as a person meets them after
 * clicking through the app, and a catalogue style made over HTTP (the artist's own journey is tested on
 * its own; buyers' journeys only need a style on sale).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { Artist } from '@style-license/gpu-worker/testing';
import { becomeArtist, buyTokens, generate, signIn, trainStyle } from '../../../../scripts/journey';

export const uniqueEmail = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.test`;

/** On the "Development sign-in" page the app's Sign in button led to: fills it and continues. */
export async function completeDevSignIn(page: Page, who: { name: string; email: string }) {
  await page.waitForURL(/\/dev-idp\//);
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** On the "Development payment" page the app's checkout led to: pays, and waits to be back in the app. */
export async function payOnDevCheckout(page: Page) {
  await page.waitForURL(/\/dev-checkout\//);
  await page.getByRole('button', { name: /^Pay / }).click();
  await page.waitForURL(/\/tokens\/return\?purchase=/);
}

/** A ready style by a new artist, trained by the real worker; its id. */
export async function publishStyle(
  base: string,
  { name, tags, priceTokens, look }: { name: string; tags: string[]; priceTokens: number; look?: Artist },
): Promise<string> {
  const artist = await signIn(base, {
    name: `Artist ${randomUUID().slice(0, 6)}`,
    email: uniqueEmail('artist'),
  });
  await becomeArtist(artist);
  return trainStyle(artist, name, { tags, priceTokens, ...(look ? { look } : {}) });
}

/**
 * Images in `styleId` by a new buyer (who buys tokens, generates with the real worker, and publishes each
 * with its description): the feed's content, made over HTTP. The buyer's name and the images' ids.
 */
export async function publishImages(
  base: string,
  styleId: string,
  descriptions: string[],
  {
    name = `Buyer ${randomUUID().slice(0, 6)}`,
    tags = ['portrait'],
  }: { name?: string; tags?: string[] } = {},
): Promise<{ name: string; ids: string[] }> {
  const buyer = await signIn(base, { name, email: uniqueEmail('buyer') });
  await buyTokens(base, buyer);
  const ids: string[] = [];
  for (const description of descriptions) {
    const image = await generate(buyer, styleId, { tags });
    await buyer.call('gallery.update', { generationId: image.id, visibility: 'public', description }, true);
    ids.push(image.id);
  }
  return { name, ids };
}
