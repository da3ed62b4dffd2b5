// Journey 3, the key screens in Korean on a phone: a Korean browser lands on /ko, every screen's heading
// and text are Korean, and nothing is wider than the screen at 390 px or at 360 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@style-license/shared';
import {
  consoleErrors,
  launchBrowser,
  publishStyle,
  screenshot,
  signInInBrowser,
  startProduct,
  uniqueEmail,
  withPage,
  type Product,
} from './support';

const JOURNEY = 'korean-phone';
const HANGUL = /[\uac00-\ud7a3]/;

describe('journey: key screens under /ko at phone width', () => {
  let product: Product;
  let browser: Browser;
  let styleId: string;
  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
    styleId = await publishStyle(product.base, {
      name: '바다 수채화',
      tags: ['수채화', 'landscape'],
      priceTokens: 5,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  /** The screen is Korean and fits: heading in Hangul, `lang="ko"`, no sideways scrolling at 390 and 360 px. */
  async function checkScreen(page: Page, name: string) {
    await expect
      .poll(() => page.locator('main h1').first().textContent(), { timeout: 15_000 })
      .toMatch(HANGUL);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    expect(await page.locator('main').innerText()).toMatch(HANGUL);
    await screenshot(page, JOURNEY, `${name}-ko-phone`);
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize({ width: 390, height: 844 });
  }

  it('shows home, search, style, tokens, images, notifications, verify and account in Korean, fitting a phone', () =>
    withPage(browser, JOURNEY, { device: 'phone', locale: 'ko-KR' }, async (page) => {
      await page.goto(`${product.base}/`);
      await page.waitForURL(/\/ko$/);
      await checkScreen(page, 'home-signed-out');

      await signInInBrowser(page, product.base, { name: '김하늘', email: uniqueEmail('ko') }, '/ko');
      await checkScreen(page, 'home');
      await page.goto(`${product.base}/ko/search?tags=${encodeURIComponent('수채화')}`);
      await checkScreen(page, 'search');
      await expect.poll(() => page.getByRole('link', { name: /바다 수채화/ }).count()).toBeGreaterThan(0);
      await page.goto(`${product.base}/ko/styles/${styleId}`);
      await checkScreen(page, 'style');
      // Signed in with no tokens: the panel offers the Korean buy path.
      await expect
        .poll(() => page.getByRole('link', { name: resources.ko.style.generate.short.buy }).count())
        .toBe(1);
      for (const [path, name] of [
        ['/ko/tokens', 'tokens'],
        ['/ko/images', 'images'],
        ['/ko/notifications', 'notifications'],
        ['/ko/verify', 'verify'],
        ['/ko/account', 'account'],
        ['/ko/artist/apply', 'become-artist'],
      ] as const) {
        await page.goto(`${product.base}${path}`);
        await checkScreen(page, name);
      }
      expect(consoleErrors(page)).toEqual([]);
    }));

  it('switches a page to English and back in place', () =>
    withPage(browser, JOURNEY, { device: 'phone', locale: 'ko-KR' }, async (page) => {
      await page.goto(`${product.base}/ko/search`);
      await page.getByRole('combobox', { name: resources.ko.common.header.language }).selectOption('en');
      await page.waitForURL(/\/en\/search/);
      await expect.poll(() => page.locator('main h1').first().textContent()).toBe(resources.en.search.title);
      await page.getByRole('combobox', { name: resources.en.common.header.language }).selectOption('ko');
      await page.waitForURL(/\/ko\/search/);
      await expect.poll(() => page.locator('main h1').first().textContent()).toBe(resources.ko.search.title);
    }));
});
