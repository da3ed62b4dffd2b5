import { afterAll } from 'vitest';
import { openCatalog, type Catalog } from '../src/core/catalog';
import { scannedImage, seedFolder } from './catalog-fixtures';
import { describeTagStoreContract } from './tag-store-contract';

// One catalog for the whole contract (PGlite's first start costs seconds), emptied before each case:
// removing its folders removes every image and tag.
let catalog: Catalog | undefined;
afterAll(() => catalog?.close());

describeTagStoreContract('PGlite catalog', async () => {
  catalog ??= await openCatalog();
  for (const folder of await catalog.folders()) await catalog.removeFolder(folder.path);
  const ids = await seedFolder(
    catalog,
    '/library',
    ['a.png', 'b.png', 'c.png'].map((name) => scannedImage('/library', name)),
  );
  return { store: catalog, imageIds: [...ids.values()] };
});
