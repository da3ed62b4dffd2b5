// Journey 6, the community (issue 13): A publishes an image with a description from My images; B finds it
// in the feed, likes it from the grid, comments (once with a script payload, which must stay text) and
// follows the artist; A's unread badge and notification list update without a reload; B's "Following"
// tab shows the artist's next image. Then a Korean reader on a phone does the same in Korean.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { client } from '../../../scripts/journey';
import { becomeArtist, buyTokens, generate, signIn, trainStyle } from '../../../scripts/journey';
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

const JOURNEY = 'community';
/** The header polls the unread count every 30 s (web/src/app/header/HeaderStatus.tsx), plus slack. */
const UNREAD_WAIT_MS = 45_000;
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

/** The card of one image in a feed grid. */
const card = (page: Page, imageId: string) =>
  page.locator('article').filter({ has: page.locator(`a[href$="/images/${imageId}"]`) });

/**
 * Posts a comment and waits until it is in the thread. (Not `getByText` on the page: a textarea's text is
 * what was typed, so that would find the box before the comment was posted.)
 */
async function postComment(page: Page, label: string, post: string, body: string) {
  const box = page.getByLabel(label);
  await box.fill(body);
  await page.getByRole('button', { name: post }).click();
  await expect.poll(() => box.inputValue()).toBe('');
  await page.getByTestId('comment').filter({ hasText: body }).first().waitFor();
}

/** The payload never ran and never became an element: it is on screen as the characters typed. */
async function expectInert(page: Page) {
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
}

describe('journey: publish, like, comment, follow and be told', () => {
  let product: Product;
  let browser: Browser;
  let artist: { id: string; name: string; styleId: string };
  let owner: { email: string; api: ReturnType<typeof client>; first: string; second: string; third: string };

  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
    const name = 'Mira Stone';
    const artistApi = await signIn(product.base, { name, email: uniqueEmail('artist') });
    await becomeArtist(artistApi);
    const styleId = await trainStyle(artistApi, 'Harbour Lights', {
      tags: ['harbour', 'portrait'],
      priceTokens: 5,
    });
    const me = await artistApi.call<{ id: string }>('auth.me');
    artist = { id: me.id, name, styleId };
    // A's images, made with the real worker; A shares them later, in the browser and over the API.
    const email = uniqueEmail('owner');
    const api = await signIn(product.base, { name: 'Ana Owner', email });
    await buyTokens(product.base, api);
    const [first, second, third] = [
      await generate(api, styleId),
      await generate(api, styleId),
      await generate(api, styleId),
    ];
    owner = { email, api, first: first.id, second: second.id, third: third.id };
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('in English on a laptop, with A and B in two browsers', () =>
    withPage(browser, JOURNEY, { device: 'desktop', locale: 'en-US' }, (a) =>
      // B's failure artifacts go to a folder of their own, so A's do not overwrite them.
      withPage(browser, `${JOURNEY}-viewer`, { device: 'desktop', locale: 'en-US' }, async (b) => {
        // A publishes the first image from My images and describes it on its page.
        await signInInBrowser(a, product.base, { name: 'Ana Owner', email: owner.email }, '/en/images');
        const mine = a
          .getByTestId('image-card')
          .filter({ has: a.locator(`a[href$="/images/${owner.first}"]`) });
        await mine.getByRole('switch', { name: 'Public' }).click();
        await expect
          .poll(() => mine.getByRole('switch', { name: 'Public' }).getAttribute('aria-checked'))
          .toBe('true');
        await screenshot(a, JOURNEY, 'my-images-en-desktop');
        await mine.getByRole('link', { name: 'Add or edit the description' }).click();
        await a.waitForURL(new RegExp(`/en/images/${owner.first}$`));
        await a.getByLabel('Description').fill('Harbour at dawn — my first licensed print.\nSecond line.');
        await a.getByRole('button', { name: 'Save description' }).click();
        await a.getByText('Description saved.').first().waitFor();
        const unreadBefore = Number((await a.getByTestId('unread-count').textContent()) ?? '0');

        // B finds it in the feed and likes it from the grid.
        await signInInBrowser(b, product.base, { name: 'Bea Viewer', email: uniqueEmail('viewer') }, '/en');
        const inFeed = card(b, owner.first);
        await inFeed.waitFor();
        await expect.poll(() => inFeed.getByText('Harbour Lights').count()).toBe(1);
        await inFeed.getByRole('button', { name: /^Like / }).click();
        await expect
          .poll(() => inFeed.getByRole('button', { name: /^Unlike / }).getAttribute('aria-pressed'))
          .toBe('true');
        await expect.poll(() => inFeed.getByRole('button', { name: 'Unlike (1 like)' }).count()).toBe(1);
        await screenshot(b, JOURNEY, 'feed-en-desktop');

        // …opens it, reads the description, comments twice (the second a script payload), follows the artist.
        await inFeed.locator(`a[href$="/images/${owner.first}"]`).first().click();
        await b.waitForURL(new RegExp(`/en/images/${owner.first}$`));
        await b.getByText('Harbour at dawn — my first licensed print.').waitFor();
        await postComment(b, 'Add a comment', 'Post', 'Love the light in this one!');
        await postComment(b, 'Add a comment', 'Post', XSS);
        await expectInert(b);
        await b.getByRole('button', { name: `Follow ${artist.name}` }).click();
        await b.getByRole('button', { name: `Unfollow ${artist.name}` }).waitFor();
        await screenshot(b, JOURNEY, 'image-en-desktop');

        // The artist's next image reaches B's Following tab.
        await owner.api.call(
          'gallery.update',
          { generationId: owner.second, visibility: 'public', description: 'A second print.' },
          true,
        );
        await b.goto(`${product.base}/en`);
        await b
          .getByRole('navigation', { name: 'Which images' })
          .getByRole('link', { name: 'Following' })
          .click();
        await b.waitForURL(/feed=following/);
        await card(b, owner.second).waitFor();
        expect(await card(b, owner.first).count()).toBe(1);
        await screenshot(b, JOURNEY, 'following-en-desktop');

        // A, still on the page, sees the badge grow by the like and both comments, without reloading.
        await expect
          .poll(async () => Number((await a.getByTestId('unread-count').textContent()) ?? '0'), {
            timeout: UNREAD_WAIT_MS,
          })
          .toBe(unreadBefore + 3);
        await a.getByRole('link', { name: /^Notifications/ }).click();
        await a.waitForURL(/\/en\/notifications$/);
        await a.getByText('Bea Viewer liked your image in “Harbour Lights”.').waitFor();
        await a
          .getByText('Bea Viewer commented on your image in “Harbour Lights”. “Love the light in this one!”')
          .waitFor();
        await a.getByText(`“${XSS}”`, { exact: false }).first().waitFor();
        await expectInert(a);
        await screenshot(a, JOURNEY, 'notifications-en-desktop');
        // A notification leads to the image.
        await a
          .getByRole('link', { name: /liked your image/ })
          .first()
          .click();
        await a.waitForURL(new RegExp(`/en/images/${owner.first}$`));
        await a.getByTestId('comment').filter({ hasText: XSS }).waitFor();
        await expectInert(a);

        expect(consoleErrors(a)).toEqual([]);
        expect(consoleErrors(b)).toEqual([]);
      }),
    ));

  it('in Korean on a phone', () =>
    withPage(browser, JOURNEY, { device: 'phone', locale: 'ko-KR' }, async (page) => {
      await owner.api.call('gallery.update', { generationId: owner.third, visibility: 'public' }, true);
      await signInInBrowser(page, product.base, { name: '김철수', email: uniqueEmail('ko') }, '/ko');
      const inFeed = card(page, owner.third);
      await inFeed.waitFor();
      await inFeed.getByRole('button', { name: /^좋아요 \(/ }).click();
      await inFeed.getByRole('button', { name: '좋아요 취소 (좋아요 1개)' }).waitFor();
      await screenshot(page, JOURNEY, 'feed-ko-phone');
      await inFeed.locator(`a[href$="/images/${owner.third}"]`).first().click();
      await page.waitForURL(new RegExp(`/ko/images/${owner.third}$`));
      await postComment(page, '댓글 쓰기', '등록', '빛이 정말 아름다워요!');
      await page.getByRole('button', { name: `${artist.name} 팔로우` }).click();
      await page.getByRole('button', { name: `${artist.name} 팔로우 취소` }).waitFor();
      await screenshot(page, JOURNEY, 'image-ko-phone');
      await page.goto(`${product.base}/ko/artists/${artist.id}`);
      await page.getByRole('heading', { name: artist.name }).waitFor();
      await screenshot(page, JOURNEY, 'artist-ko-phone');
      await page.goto(`${product.base}/ko?feed=following`);
      await card(page, owner.third).waitFor();
      await screenshot(page, JOURNEY, 'following-ko-phone');
      expect(consoleErrors(page)).toEqual([]);
    }));
});
