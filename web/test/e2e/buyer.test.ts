// Journey 1, a buyer on a laptop: sign in → buy tokens on the development checkout → find a style by tag →
// generate → see it complete → download the signed PNG → verify the downloaded file on the license page.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeDevSignIn,
  consoleErrors,
  launchBrowser,
  payOnDevCheckout,
  publishStyle,
  screenshot,
  startProduct,
  uniqueEmail,
  withPage,
  type Product,
} from './support';

const JOURNEY = 'buyer';

describe('journey: a buyer from sign-in to a verified download', () => {
  let product: Product;
  let browser: Browser;
  let styleId: string;
  const tag = `harbour${Date.now() % 100_000}`;
  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
    // Two more styles with other looks, so the catalogue the buyer browses is not a single card.
    [styleId] = await Promise.all([
      publishStyle(product.base, { name: 'Harbour Lights', tags: [tag, 'portrait'], priceTokens: 7 }),
      publishStyle(product.base, {
        name: 'Night Signal',
        tags: ['neon', 'landscape'],
        priceTokens: 12,
        look: 'neon',
      }),
      publishStyle(product.base, {
        name: 'Soft Geometry',
        tags: ['pastel', 'flat'],
        priceTokens: 6,
        look: 'pastel',
      }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('buys tokens, finds a style by tag, generates, downloads and verifies', () =>
    withPage(browser, JOURNEY, { device: 'desktop', locale: 'en-US' }, async (page) => {
      // Arrives on the bare address: the browser's language (en-US) picks English.
      await page.goto(`${product.base}/`);
      await page.waitForURL(/\/en$/);
      await screenshot(page, JOURNEY, 'home-en-desktop');
      await page.getByRole('link', { name: 'Sign in' }).first().click();
      await completeDevSignIn(page, { name: 'Dana Buyer', email: uniqueEmail('buyer') });
      await page.waitForURL(/\/en$/);

      // Buy tokens: the balance in the header leads to the packages; pay on the development checkout.
      await expect.poll(() => page.getByTestId('balance').textContent()).toBe('0');
      await page.getByTestId('balance').click();
      await page.waitForURL(/\/en\/tokens$/);
      await screenshot(page, JOURNEY, 'tokens-en-desktop');
      await page
        .getByRole('button', { name: /^Buy for/ })
        .first()
        .click();
      await payOnDevCheckout(page);
      await expect
        .poll(() => page.getByRole('heading', { name: 'Payment complete' }).count(), { timeout: 20_000 })
        .toBe(1);
      await expect.poll(() => page.getByTestId('balance').textContent()).toBe('100');
      await screenshot(page, JOURNEY, 'purchase-return-en-desktop');

      // Find the style by its tag.
      await page.getByRole('link', { name: 'Find styles' }).first().click();
      await page.waitForURL(/\/en\/search/);
      const tags = page.getByRole('combobox', { name: 'Tags' });
      await tags.fill(tag);
      await tags.press('Enter');
      await page.waitForURL(new RegExp(`tags=${tag}`));
      await page
        .getByRole('link', { name: /Harbour Lights/ })
        .first()
        .click();
      await page.waitForURL(new RegExp(`/en/styles/${styleId}$`));

      // Generate: the panel shows cost and balance before anything is charged.
      const panel = page.getByRole('region', { name: 'Create an image' });
      await expect.poll(() => panel.getByText('Cost').count()).toBeGreaterThan(0);
      await panel.getByRole('textbox', { name: 'Description' }).fill('a lighthouse at dusk');
      await screenshot(page, JOURNEY, 'style-generate-en-desktop');
      await panel.getByRole('button', { name: 'Create image' }).click();
      await expect.poll(() => panel.getByText('Your image is ready.').count(), { timeout: 60_000 }).toBe(1);
      await expect.poll(() => page.getByTestId('balance').textContent()).toBe('93');
      await screenshot(page, JOURNEY, 'generated-en-desktop');

      // Download the signed PNG.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        panel
          .getByRole('link', { name: 'Download PNG' })
          .or(panel.getByRole('button', { name: 'Download PNG' }))
          .click(),
      ]);
      const file = await download.path();
      const bytes = readFileSync(file);
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');

      // Verify the downloaded file on the verify page, then open its license page.
      await page.goto(`${product.base}/en/verify`);
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: bytes });
      await expect
        .poll(() => page.getByText('Genuine: this file is licensed').count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
      await screenshot(page, JOURNEY, 'verify-en-desktop');
      await page.getByRole('link', { name: 'Open the license' }).click();
      await page.waitForURL(/\/en\/licenses\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByText('Harbour Lights').count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByText('Dana Buyer').count()).toBeGreaterThan(0);
      await screenshot(page, JOURNEY, 'license-en-desktop');
      expect(consoleErrors(page)).toEqual([]);
    }));
});
