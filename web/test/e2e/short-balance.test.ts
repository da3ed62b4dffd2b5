// Journey 4, a buyer one token short: the generate panel says so before anything is charged and leads to
// the packages with what is missing highlighted; after paying, the way back returns to the style, where
// the same image now goes through.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consoleErrors,
  launchBrowser,
  payOnDevCheckout,
  publishStyle,
  screenshot,
  signInInBrowser,
  startProduct,
  uniqueEmail,
  withPage,
  type Product,
} from './support';

const JOURNEY = 'short-balance';

describe('journey: one token short, then the buy-tokens path, then success', () => {
  let product: Product;
  let browser: Browser;
  let styleId: string;
  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
    // The smallest package is 100 tokens: a price of 101 leaves its buyer exactly one token short.
    styleId = await publishStyle(product.base, { name: 'Salt Flats', tags: ['landscape'], priceTokens: 101 });
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('shows the shortfall, buys, comes back and generates', () =>
    withPage(browser, JOURNEY, { device: 'desktop', locale: 'en-US' }, async (page) => {
      await signInInBrowser(
        page,
        product.base,
        { name: 'Sam Short', email: uniqueEmail('short') },
        '/en/tokens',
      );
      await page
        .getByRole('button', { name: /^Buy for/ })
        .first()
        .click();
      await payOnDevCheckout(page);
      await expect.poll(() => page.getByTestId('balance').textContent(), { timeout: 20_000 }).toBe('100');

      await page.goto(`${product.base}/en/styles/${styleId}`);
      const panel = page.getByRole('region', { name: 'Create an image' });
      // The style page loads its price and the balance after the page itself (slow when the machine is busy).
      await expect
        .poll(() => panel.getByText('You need 1 more token for this image.').count(), { timeout: 15_000 })
        .toBe(1);
      expect(await panel.getByRole('button', { name: 'Create image' }).count()).toBe(0);
      await screenshot(page, JOURNEY, 'short-en-desktop');

      await panel.getByRole('link', { name: 'Buy tokens' }).click();
      await page.waitForURL(/\/en\/tokens\?need=1&returnTo=/);
      await expect.poll(() => page.getByText('Covers what you need').count(), { timeout: 15_000 }).toBe(1);
      await screenshot(page, JOURNEY, 'tokens-need-en-desktop');
      await page
        .getByRole('button', { name: /^Buy for/ })
        .first()
        .click();
      await payOnDevCheckout(page);
      await expect.poll(() => page.getByTestId('balance').textContent(), { timeout: 20_000 }).toBe('200');
      await screenshot(page, JOURNEY, 'return-en-desktop');

      await page.getByRole('link', { name: 'Back to the style' }).click();
      await page.waitForURL(new RegExp(`/en/styles/${styleId}$`));
      await panel.getByRole('button', { name: 'Create image' }).click();
      await expect.poll(() => panel.getByText('Your image is ready.').count(), { timeout: 60_000 }).toBe(1);
      await expect.poll(() => page.getByTestId('balance').textContent()).toBe('99');
      await screenshot(page, JOURNEY, 'done-en-desktop');
      expect(consoleErrors(page)).toEqual([]);
    }));
});
