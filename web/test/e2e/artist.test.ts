// Journey 2, an artist on a laptop: become an artist (signature with its stamp preview) → create a style →
// drop 10 images on the upload zone → train → the notification appears, and links to the style.
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrainingSet } from '@style-license/gpu-worker/testing';
import {
  consoleErrors,
  launchBrowser,
  screenshot,
  signInInBrowser,
  startProduct,
  uniqueEmail,
  withPage,
  type Product,
} from './support';

const JOURNEY = 'artist';

/** A dark handwritten-looking stroke on a transparent ground, as an artist would scan one. */
const signaturePng = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="140"><path d="M12 110 C 80 10, 150 130, 220 40 S 330 120, 405 30" ' +
        'stroke="#1d1b3a" stroke-width="9" fill="none" stroke-linecap="round"/></svg>',
    ),
  )
    .png()
    .toBuffer();

/** Drops files on an element the way a browser does: a real `drop` event carrying a DataTransfer. */
async function dropFiles(
  page: Page,
  selector: string,
  files: { name: string; type: string; data: Buffer }[],
) {
  const transfer = await page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      return dt;
    },
    files.map((f) => ({ name: f.name, type: f.type, base64: f.data.toString('base64') })),
  );
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent(selector, type, { dataTransfer: transfer });
}

describe('journey: an artist from application to a trained style', () => {
  let product: Product;
  let browser: Browser;
  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('applies, creates a style, drops 10 images, trains it and follows the notification to it', () =>
    withPage(browser, JOURNEY, { device: 'desktop', locale: 'en-US' }, async (page) => {
      const name = `Iris Vale ${Date.now() % 10_000}`;
      await signInInBrowser(page, product.base, { name, email: uniqueEmail('iris') }, '/en');

      // Become an artist from the account menu; the preview stamps the chosen signature.
      await page.getByRole('button', { name: 'Account menu' }).click();
      await page.getByRole('menuitem', { name: 'Become an artist' }).click();
      await page.waitForURL(/\/en\/artist\/apply$/);
      await page.getByLabel('Contact email').fill('iris@example.test');
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'signature.png', mimeType: 'image/png', buffer: await signaturePng() });
      await expect
        .poll(() => page.getByRole('img', { name: /signature stamped/ }).count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await screenshot(page, JOURNEY, 'become-artist-en-desktop');
      await page.getByRole('button', { name: 'Become an artist' }).click();
      await page.waitForURL(/\/en\/studio/);

      // Create a style.
      await page.goto(`${product.base}/en/studio/new`);
      await page.getByLabel('Name', { exact: true }).fill('Tidal Ink');
      await page.getByLabel('Description').fill('Deep blue washes and quick ink lines.');
      const tags = page.getByRole('combobox', { name: 'Tags' });
      for (const tag of ['ink', 'seascape']) {
        await tags.fill(tag);
        await tags.press('Enter');
      }
      await page.getByLabel('Price per image (tokens)').fill('12');
      await screenshot(page, JOURNEY, 'new-style-en-desktop');
      await page.getByRole('button', { name: 'Create style' }).click();
      await page.waitForURL(/\/en\/studio\/[0-9a-f-]{36}$/);
      const styleId = page.url().split('/').at(-1)!;

      // Drop 10 images on the zone: each is checked by the server and added.
      const images = await makeTrainingSet('neon', 10);
      await dropFiles(
        page,
        'input[aria-label="Training images to upload"] >> xpath=..',
        images.map((i) => ({ name: i.fileName, type: 'image/png', data: i.data })),
      );
      await expect
        .poll(() => page.getByText('10 of 10 uploaded').count(), { timeout: 90_000 })
        .toBeGreaterThan(0);
      await screenshot(page, JOURNEY, 'uploaded-en-desktop');

      // Train, and follow it to the end.
      // Training asks the artist to attest they own the rights to the set first.
      await page.getByRole('checkbox', { name: /I own the rights to every image/ }).check();
      await page.getByRole('button', { name: 'Start training' }).click();
      await expect.poll(() => page.getByText('is on sale.').count(), { timeout: 120_000 }).toBeGreaterThan(0);
      await screenshot(page, JOURNEY, 'studio-en-desktop');

      // The bell counts the notification; it names the style and links to it.
      await expect
        .poll(() => page.getByRole('link', { name: /Notifications: [1-9] unread/ }).count(), {
          timeout: 40_000,
        })
        .toBe(1);
      await page.getByRole('link', { name: /Notifications: [1-9] unread/ }).click();
      await page.waitForURL(/\/en\/notifications$/);
      const note = page.getByRole('link', { name: /Training finished/ });
      await expect.poll(() => note.count()).toBe(1);
      await screenshot(page, JOURNEY, 'notifications-en-desktop');
      await note.click();
      await page.waitForURL(new RegExp(`/en/studio/${styleId}$`));
      expect(consoleErrors(page)).toEqual([]);
    }));
});
