/**
 * What a journey leaves behind for people: screenshots of the screens it passed through, and, when it
 * fails, the screen it failed on with the page's console errors, so the failure can be read without
 * running it again. Everything goes under test-artifacts/ at the repository root (git-ignored).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { consoleErrors, newPage, type PageOptions } from './browser';
import { ROOT } from './product';

export const SCREENSHOTS_DIR = join(ROOT, 'test-artifacts', 'screenshots');

/** A full-page PNG at test-artifacts/screenshots/<journey>/<name>.png; returns its path. */
export async function screenshot(page: Page, journey: string, name: string): Promise<string> {
  const path = join(SCREENSHOTS_DIR, journey, `${name}.png`);
  await mkdir(dirname(path), { recursive: true });
  // Lazily loaded parts (the account menu, images) finish arriving first, so the picture is the page a
  // person sees a moment later; a page that keeps polling never goes idle, hence the bound.
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs `steps` on a fresh page and closes it. If they fail, saves `failed-<device>-<locale>.png` and a
 * `.txt` beside it (the URL, the error, the console errors) under the journey's folder, and names both
 * in the error it rethrows.
 */
export async function withPage<T>(
  browser: Browser,
  journey: string,
  options: PageOptions,
  steps: (page: Page) => Promise<T>,
): Promise<T> {
  const page = await newPage(browser, options);
  try {
    return await steps(page);
  } catch (error) {
    const name = `failed-${options.device ?? 'desktop'}-${options.locale ?? 'en-US'}`;
    const saved = await saveFailure(page, journey, name, error);
    if (error instanceof Error) error.message += `\n${saved}`;
    throw error;
  } finally {
    await page.context().close();
  }
}

async function saveFailure(page: Page, journey: string, name: string, error: unknown) {
  // Best effort each: a crashed page cannot be photographed, and that must not hide the real error.
  const png = await screenshot(page, journey, name).catch((e: Error) => `no screenshot (${e.message})`);
  const errors = consoleErrors(page);
  const text = [
    `url: ${page.url()}`,
    `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    `console errors (${errors.length}):`,
    ...errors,
    '',
  ].join('\n');
  const txt = join(SCREENSHOTS_DIR, journey, `${name}.txt`);
  await mkdir(dirname(txt), { recursive: true });
  await writeFile(txt, text);
  const tail = errors.length ? `\nconsole errors:\n  ${errors.slice(-10).join('\n  ')}` : '';
  return `journey artifacts: ${png}, ${txt}${tail}`;
}
