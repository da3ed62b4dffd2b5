/**
 * The upload selection: the picked images, seen as they will be sent (a fix's converted or shrunk copy in
 * place of the artist's file), so a check after a fix reports what the platform will actually receive.
 */
import { allMatching, type Catalog } from '../catalog';
import type { CatalogImage } from '../model';
import { MAX_TAGS } from '@style-license/shared';
import type { Studio } from './studio';

export const pickedImages = (catalog: Catalog): Promise<CatalogImage[]> =>
  allMatching(catalog, { picks: ['picked'] });

export function withUploadCopies(studio: Studio, images: CatalogImage[]): CatalogImage[] {
  return images.map((image) => {
    const copy = studio.uploadCopies.get(image.id);
    if (!copy) return image;
    const { sha256, byteSize, format, width, height } = copy;
    return { ...image, sha256, byteSize, format, width, height, corrupt: false };
  });
}

/** What the upload queue gets for an image: its file (or the copy made for it) and its first tags. */
export function uploadable(studio: Studio, image: CatalogImage) {
  const copy = studio.uploadCopies.get(image.id);
  return {
    imageId: image.id,
    path: copy?.path ?? image.path,
    sha256: copy?.sha256 ?? image.sha256,
    tags: image.tags.slice(0, MAX_TAGS),
  };
}
