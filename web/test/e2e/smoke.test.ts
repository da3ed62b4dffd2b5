// The first browser journey: the built client loads from the real server in Chromium on both screen
// sizes without errors, and a person signs in through the development provider. It checks only what
// any version of the client keeps (title, a rendered root), so it guards the harness, not the design.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@style-license/shared';
import {
  consoleErrors,
  launchBrowser,
  screenshot,
  signInInBrowser,
  startProduct,
  waitForApp,
  withPage,
  type Product,
} from './support';

const JOURNEY = 'smoke';

describe('smoke: the web client in Chromium', () => {
  let product: Product;
  let browser: Browser;
  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  /** Every page's title names the product in the page's language (pages may put their own name first). */
  async function openHome(page: Page, language: 'en' | 'ko') {
    await page.goto(`${product.base}/`);
    await waitForApp(page);
    // The page sets its title once its language's strings are in: it may take a moment after the first paint.
    await expect.poll(() => page.title()).toContain(resources[language].app.name);
  }

  it('renders the home page on a desktop, in English', () =>
    withPage(browser, JOURNEY, { device: 'desktop', locale: 'en-US' }, async (page) => {
      await openHome(page, 'en');
      expect(await page.evaluate(() => navigator.language)).toBe('en-US');
      await screenshot(page, JOURNEY, 'home-desktop-en');
      expect(consoleErrors(page)).toEqual([]);
    }));

  it('renders the home page on a phone, in Korean', () =>
    withPage(browser, JOURNEY, { device: 'phone', locale: 'ko-KR' }, async (page) => {
      await openHome(page, 'ko');
      expect(await page.evaluate(() => navigator.language)).toBe('ko-KR');
      expect(await page.evaluate(() => window.innerWidth)).toBe(390);
      await screenshot(page, JOURNEY, 'home-phone-ko');
      expect(consoleErrors(page)).toEqual([]);
    }));

  it('signs in through the development provider and holds a session', () =>
    withPage(browser, JOURNEY, { device: 'desktop', locale: 'en-US' }, async (page) => {
      const email = `smoke-${randomUUID().slice(0, 8)}@example.test`;
      await signInInBrowser(page, product.base, { name: 'Smoke Tester', email });
      await waitForApp(page);
      const me = await page.evaluate(async () => {
        const response = await fetch('/trpc/auth.me');
        return (await response.json()) as { result?: { data?: { email: string; displayName: string } } };
      });
      expect(me.result?.data).toMatchObject({ email, displayName: 'Smoke Tester' });
      await screenshot(page, JOURNEY, 'signed-in-desktop-en');
      expect(consoleErrors(page)).toEqual([]);
    }));
});
