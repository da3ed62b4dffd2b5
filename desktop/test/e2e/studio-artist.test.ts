// The studio's artist journey, in English on a laptop: add the artwork folder → select and tag pictures
// with the keyboard (with autocomplete, undo and redo) → pick everything → checks flag the too-small
// picture and the near-duplicate pair, fixed with their buttons → sign in through the browser → create a
// style → upload the 12 picks → train → "ready". The platform ends up with the 12 images and their tags.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleErrors, launchBrowser, screenshot, withPage } from '../../../web/test/e2e/support';
import {
  grid,
  gridCount,
  openStudio,
  platformImages,
  selectedNames,
  waitForGridFocus,
  waitForPictures,
} from './journey-steps';
import { startStudioProduct, type StudioProduct } from './support';

const JOURNEY = 'studio-artist';
const shot = (page: Page, name: string) => screenshot(page, JOURNEY, `${name}-en-desktop`);

describe('journey: an artist curates, tags, checks, uploads and trains from the studio', () => {
  let browser: Browser;
  let studio: StudioProduct;
  beforeAll(async () => {
    browser = await launchBrowser();
    studio = await startStudioProduct({ browser });
  });
  afterAll(async () => {
    await studio?.stop();
    await browser?.close();
  });

  it('goes from a folder of pictures to a trained style', () =>
    withPage(browser, JOURNEY, { device: 'desktop', locale: 'en-US' }, async (page) => {
      await openStudio(page, studio);
      await expect.poll(() => page.getByText('No pictures yet. Add a folder to start.').count()).toBe(1);
      await shot(page, 'empty');

      // Add the folder: the scan runs with progress, then the grid shows all 14 pictures.
      await page.getByRole('button', { name: 'Add folder' }).click();
      await waitForPictures(page, '14 pictures');
      // At this width every row fits: all 14 cells are in the page.
      expect(await gridCount(page)).toBe(14);
      await shot(page, 'library');

      // Select three pictures with the keyboard: the first two cells are the small sketch and the copy.
      await grid(page).focus();
      for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowRight'])
        await page.keyboard.press(key);
      expect(await selectedNames(page)).toEqual(['work-01.jpg', 'work-02.png', 'work-03.png']);

      // T goes to the tag field; type a tag and Enter adds it to all three.
      await page.keyboard.press('t');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tag-input');
      await page.keyboard.type('ink wash');
      await page.keyboard.press('Enter');
      const chip = page.getByRole('button', { name: 'ink wash: on 3 of 3' });
      await chip.waitFor();
      await shot(page, 'tagged');

      // Esc back to the grid; undo and redo the edit with the keyboard.
      await page.keyboard.press('Escape');
      await waitForGridFocus(page);
      await page.keyboard.press('Control+z');
      await page.getByText('The selected pictures have no tags.').waitFor();
      await page.keyboard.press('Control+Shift+z');
      await chip.waitFor();

      // One more picture, tagged through autocomplete (arrow down, Enter).
      await page.keyboard.press('ArrowRight');
      expect(await selectedNames(page)).toEqual(['work-04.jpg']);
      await page.keyboard.press('t');
      await page.keyboard.type('ink');
      await page.getByRole('option', { name: /ink wash/ }).waitFor();
      await shot(page, 'autocomplete');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'ink wash: on 1 of 1' }).waitFor();
      await page.keyboard.press('Escape');

      // The shortcuts overlay lists the keys.
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await shot(page, 'shortcuts');
      await page.keyboard.press('Escape');
      await waitForGridFocus(page);

      // Pick everything: Ctrl+A, then P.
      await grid(page).focus();
      await page.keyboard.press('Control+a');
      await expect.poll(async () => (await selectedNames(page)).length).toBe(14);
      await page.keyboard.press('p');
      await expect.poll(() => grid(page).getByText('Pick', { exact: true }).count()).toBe(14);

      // Space opens the full-size view; Esc closes it.
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Space');
      await page.getByRole('img', { name: /^Full-size view of / }).waitFor();
      await shot(page, 'preview');
      await page.keyboard.press('Escape');
      await waitForGridFocus(page);

      // Two side by side with C; then 4 stars on both with the 4 key.
      await page.keyboard.press('Shift+ArrowRight');
      expect(await selectedNames(page)).toEqual(['work-03.png', 'work-04.jpg']);
      await page.keyboard.press('c');
      await page.getByRole('dialog', { name: 'Compare' }).getByRole('img').nth(1).waitFor();
      await shot(page, 'compare');
      await page.keyboard.press('Escape');
      await waitForGridFocus(page);
      await page.keyboard.press('4');
      await expect.poll(() => grid(page).getByRole('img', { name: '4 stars' }).count()).toBe(2);

      // The tag filter narrows the grid to the four inked pictures.
      await page.getByLabel('Filter by tag').fill('ink wash');
      await page.getByLabel('Filter by tag').press('Enter');
      await waitForPictures(page, '4 pictures');
      await shot(page, 'filtered');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await waitForPictures(page, '14 pictures');

      // Checks: the sketch is too small, the copy nearly duplicates work-01; fix both with their buttons.
      await page.getByRole('tab', { name: 'Checks' }).click();
      await page.getByRole('button', { name: 'Check picked' }).click();
      const tooSmall = page.getByRole('listitem').filter({ hasText: 'smaller than the 512 px minimum' });
      const nearCopy = page.getByRole('listitem').filter({ hasText: 'look nearly the same' });
      await tooSmall.waitFor();
      await nearCopy.waitFor();
      await page.getByText('Fix 1 problem before uploading.').waitFor();
      await shot(page, 'checks');
      await tooSmall.getByRole('button', { name: 'Leave out' }).click();
      await tooSmall.waitFor({ state: 'detached' });
      await nearCopy.getByRole('button', { name: 'Keep the largest' }).click();
      await nearCopy.waitFor({ state: 'detached' });
      await page.getByText('Ready: 12 picked pictures can be uploaded.').waitFor();
      await shot(page, 'checks-passed');

      // Sign in through the system browser, then create a style.
      await page.getByRole('tab', { name: 'Publish' }).click();
      await shot(page, 'signed-out');
      await page.getByRole('button', { name: 'Sign in with your browser' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 60_000 });
      const styleName = `Studio Ink ${Date.now() % 100_000}`;
      await page.getByRole('button', { name: 'New style' }).click();
      const dialog = page.getByRole('dialog', { name: 'New style' });
      await dialog.getByLabel('Name').fill(styleName);
      await dialog.getByLabel('Price per image (tokens)').fill('3');
      await shot(page, 'new-style');
      await dialog.getByRole('button', { name: 'Create style' }).click();
      await dialog.waitFor({ state: 'detached' });

      // Upload the 12 picks: progress to done.
      await page.getByRole('button', { name: 'Upload 12 picked' }).click();
      await page.getByText('Upload finished').waitFor({ timeout: 120_000 });
      await shot(page, 'uploaded');
      const uploaded = await platformImages(studio, styleName);
      expect(uploaded.images).toHaveLength(12);
      const names = uploaded.images.map((image) => image.name).sort();
      expect(names).not.toContain(studio.files.tooSmall);
      expect(names).not.toContain(studio.files.nearCopy);
      const inked = uploaded.images
        .filter((image) => image.tags.includes('ink wash'))
        .map((image) => image.name);
      expect(inked.sort()).toEqual(['work-01.jpg', 'work-02.png', 'work-03.png', 'work-04.jpg']);

      // Train: the CPU engine finishes quickly; the panel says so and a toast tells the artist.
      // Training asks the artist to attest they own the rights to the set first.
      await page.getByRole('checkbox', { name: /I own the rights to every image/ }).check();
      await page.getByRole('button', { name: 'Start training' }).click();
      await page.getByText('Training finished: version 1 is on sale.').first().waitFor({ timeout: 240_000 });
      await shot(page, 'trained');
      expect((await platformImages(studio, styleName)).style?.status).toBe('ready');

      // The same screens at phone width: one section at a time, from the tab bar.
      await page.setViewportSize({ width: 390, height: 844 });
      for (const [tab, name] of [
        ['Library', 'library'],
        ['Pictures', 'grid'],
        ['Tags', 'tags'],
        ['Checks', 'checks'],
        ['Publish', 'publish'],
      ] as const) {
        await page.getByRole('tab', { name: tab }).click();
        await screenshot(page, JOURNEY, `${name}-en-phone`);
      }
      expect(consoleErrors(page)).toEqual([]);
    }));
});
