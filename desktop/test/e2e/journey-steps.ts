/**
 * Steps the studio's browser journeys share: opening the studio, adding the library folder, choosing a
 * phone section, and reading what the platform holds for a style.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { schema } from '@style-license/db';
import { waitForApp } from '../../../web/test/e2e/support';
import type { StudioProduct } from './support';

export async function openStudio(page: Page, studio: StudioProduct) {
  await page.goto(studio.host.url);
  await waitForApp(page);
}

/** The grid's listbox (named by its picture count). */
export const grid = (page: Page) => page.locator('[data-grid]');

export async function gridCount(page: Page) {
  return grid(page).getByRole('option').count();
}

/** The names of the pictures the grid has selected. */
export async function selectedNames(page: Page): Promise<string[]> {
  return grid(page)
    .locator('[role="option"][aria-selected="true"]')
    .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('aria-label') ?? ''));
}

/** Waits until the keyboard is on the grid (a dialog gives focus back as it closes). */
export async function waitForGridFocus(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-grid') ?? false))
    .toBe(true);
}

/** Waits until the grid is named for the whole folder ("14 pictures"): it renders only the visible rows. */
export async function waitForPictures(page: Page, label: string) {
  await expect.poll(() => grid(page).getAttribute('aria-label'), { timeout: 60_000 }).toBe(label);
}

/** The style's training images on the platform, each with its tags. */
export async function platformImages(studio: StudioProduct, styleName: string) {
  const db = studio.product.db;
  const [style] = await db.select().from(schema.styles).where(eq(schema.styles.name, styleName));
  if (!style) return { style: null, images: [] };
  const images = await db
    .select({ id: schema.trainingImages.id, name: schema.trainingImages.originalName })
    .from(schema.trainingImages)
    .where(eq(schema.trainingImages.styleId, style.id));
  const tagRows = images.length
    ? await db
        .select({ imageId: schema.imageTags.imageId, tag: schema.tags.name })
        .from(schema.imageTags)
        .innerJoin(schema.tags, eq(schema.tags.id, schema.imageTags.tagId))
        .where(
          inArray(
            schema.imageTags.imageId,
            images.map((image) => image.id),
          ),
        )
    : [];
  return {
    style,
    images: images.map((image) => ({
      name: image.name,
      tags: tagRows.filter((row) => row.imageId === image.id).map((row) => row.tag),
    })),
  };
}
