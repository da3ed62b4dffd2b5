// Every image a filter matches, read in keyset pages: for callers that need the whole set (a
// library-wide rename, the upload selection), so no one writes the paging loop again.
import type { CatalogImage } from '../model';
import type { Catalog } from './catalog';
import type { CatalogFilter } from './inputs';

const PAGE = 1000;

export async function allMatching(catalog: Catalog, filter: CatalogFilter): Promise<CatalogImage[]> {
  const images: CatalogImage[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await catalog.query({ ...filter, limit: PAGE, cursor });
    images.push(...page.images);
    if (!page.nextCursor) return images;
    cursor = page.nextCursor;
  }
}
