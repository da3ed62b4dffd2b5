// The studio in Korean on a phone-sized window: add the folder, tag a picture in Hangul (with
// autocomplete), and every section reads in Korean, with no English left on screen.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleErrors, launchBrowser, screenshot, withPage } from '../../../web/test/e2e/support';
import { grid, openStudio, selectedNames, waitForPictures } from './journey-steps';
import { startStudioProduct, type StudioProduct } from './support';

const JOURNEY = 'studio-korean';

/** Latin words on screen that are not the artist's data (file and folder names) or key names. */
async function englishOnScreen(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const allowed =
    /^(work|sketch|small|copy|jpg|png|txt|Artwork|English|Ctrl|Shift|Space|Enter|Tab|Esc|Delete|PNG|JPG|MB)$/;
  return [...new Set(text.match(/[A-Za-z]{3,}/g) ?? [])].filter((word) => !allowed.test(word));
}

describe('journey: the studio in Korean on a phone', () => {
  let browser: Browser;
  let studio: StudioProduct;
  beforeAll(async () => {
    browser = await launchBrowser();
    studio = await startStudioProduct({ browser, artistName: `한국 작가 ${Date.now() % 1000}` });
  });
  afterAll(async () => {
    await studio?.stop();
    await browser?.close();
  });

  it('adds a folder and tags pictures in Korean', () =>
    withPage(browser, JOURNEY, { device: 'phone', locale: 'ko-KR' }, async (page) => {
      await openStudio(page, studio);
      await page.getByRole('tab', { name: '라이브러리' }).click();
      await screenshot(page, JOURNEY, 'library-empty-ko-phone');
      await page.getByRole('button', { name: '폴더 추가' }).click();
      await page.getByText('그림 14장').first().waitFor({ timeout: 60_000 });
      await screenshot(page, JOURNEY, 'library-ko-phone');

      await page.getByRole('tab', { name: '그림' }).click();
      await waitForPictures(page, '그림 14장');
      await grid(page).getByRole('option', { name: 'work-02.png' }).click();
      await grid(page)
        .getByRole('option', { name: 'work-03.png' })
        .click({ modifiers: ['Shift'] });
      expect(await selectedNames(page)).toEqual(['work-02.png', 'work-03.png']);
      await screenshot(page, JOURNEY, 'grid-ko-phone');

      // T opens the tag section with its field focused; a Hangul tag goes on both pictures.
      await page.keyboard.press('t');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tag-input');
      await page.keyboard.type('수채화');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: '수채화: 2장 중 2장' }).waitFor();

      // Another picture, through autocomplete on the first syllable.
      await page.getByRole('tab', { name: '그림' }).click();
      await grid(page).getByRole('option', { name: 'work-04.jpg' }).click();
      await page.keyboard.press('t');
      await page.keyboard.type('수');
      await page.getByRole('option', { name: /수채화/ }).waitFor();
      await screenshot(page, JOURNEY, 'autocomplete-ko-phone');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: '수채화: 1장 중 1장' }).waitFor();
      await screenshot(page, JOURNEY, 'tags-ko-phone');
      expect(await englishOnScreen(page)).toEqual([]);

      await page.getByRole('tab', { name: '검사' }).click();
      await page.getByRole('button', { name: '선택한 그림 검사' }).click();
      await page.getByText('선택한 그림 0장: 스타일에는 최소 10장이 필요합니다.').waitFor();
      await screenshot(page, JOURNEY, 'checks-ko-phone');
      expect(await englishOnScreen(page)).toEqual([]);

      await page.getByRole('tab', { name: '게시' }).click();
      await page.getByRole('button', { name: '브라우저로 로그인' }).waitFor();
      await screenshot(page, JOURNEY, 'publish-ko-phone');
      expect(await englishOnScreen(page)).toEqual([]);

      // The same studio at desktop width, in Korean.
      await page.setViewportSize({ width: 1280, height: 800 });
      await grid(page).getByRole('option', { name: 'work-02.png' }).click();
      await page.getByRole('tab', { name: '태그' }).click();
      await screenshot(page, JOURNEY, 'tags-ko-desktop');
      expect(await englishOnScreen(page)).toEqual([]);
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: '단축키' }).waitFor();
      await screenshot(page, JOURNEY, 'shortcuts-ko-desktop');
      expect(await englishOnScreen(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('tab', { name: '검사' }).click();
      await screenshot(page, JOURNEY, 'checks-ko-desktop');
      await page.getByRole('tab', { name: '게시' }).click();
      await screenshot(page, JOURNEY, 'publish-ko-desktop');
      expect(await englishOnScreen(page)).toEqual([]);
      expect(consoleErrors(page)).toEqual([]);
    }));
});
