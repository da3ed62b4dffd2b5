/**
 * Fix actions: what to change so a problem goes away. A fix never writes the catalog: it returns the image
 * ids to un-pick and the upload copies to send in place of originals, and the caller applies them. Only
 * the copy-making fixes write anything, and only into the studio's cache folder.
 */
import { parseInput } from '@style-license/shared';
import type { CatalogImage } from '../model';
import { UPLOAD_RULES, type FixAction } from './rules';
import { fixProblemInputSchema, type FixProblemInput } from './schemas';
import { makeUploadCopy, type UploadCopy } from './upload-copies';

export interface FixResult {
  /** Images to take out of the selection. */
  unpick: string[];
  /** Copies to upload instead of these images' files. */
  uploadCopies: UploadCopy[];
}

const pixels = (image: CatalogImage) => (image.width ?? 0) * (image.height ?? 0);
const uploadable = (image: CatalogImage) => (image.format === 'jpeg' || image.format === 'png' ? 1 : 0);

/** The one to keep of a group: most pixels, then a format that uploads as is, then most bytes, then first. */
function largest(images: readonly CatalogImage[]): CatalogImage {
  return images.reduce((best, image) => {
    const order =
      pixels(image) - pixels(best) || uploadable(image) - uploadable(best) || image.byteSize - best.byteSize;
    return order > 0 ? image : best;
  });
}

/** The best-rated `keep` images: rating, then picked over not, then selection order. */
function bestRated(images: readonly CatalogImage[], keep: number): Set<string> {
  const picked = (image: CatalogImage) => (image.pick === 'picked' ? 1 : 0);
  const ranked = images
    .map((image, order) => ({ image, order }))
    .sort(
      (a, b) => b.image.rating - a.image.rating || picked(b.image) - picked(a.image) || a.order - b.order,
    );
  return new Set(ranked.slice(0, keep).map(({ image }) => image.id));
}

async function run(
  action: FixAction,
  images: CatalogImage[],
  details: Record<string, number | string>,
  cacheDir?: string,
): Promise<FixResult> {
  switch (action) {
    case 'leave_out':
      return { unpick: images.map((image) => image.id), uploadCopies: [] };
    case 'keep_largest': {
      const kept = largest(images);
      return { unpick: images.filter((image) => image !== kept).map((image) => image.id), uploadCopies: [] };
    }
    case 'keep_best_rated': {
      const keep = typeof details.keep === 'number' ? details.keep : UPLOAD_RULES.maxImages;
      const kept = bestRated(images, keep);
      return {
        unpick: images.filter((image) => !kept.has(image.id)).map((image) => image.id),
        uploadCopies: [],
      };
    }
    case 'convert_for_upload':
    case 'shrink_for_upload': {
      // One at a time: each copy decodes a full-size picture, and a fix names few images.
      const uploadCopies: UploadCopy[] = [];
      for (const image of images) uploadCopies.push(await makeUploadCopy(image, cacheDir!));
      return { unpick: [], uploadCopies };
    }
  }
}

/**
 * Applies one of the fixes a problem offers to the images it names, returning what the caller changes.
 * Refuses (VALIDATION_FAILED) a fix the problem's code does not offer or records other than the named ones.
 */
export async function fixProblem(input: FixProblemInput): Promise<FixResult> {
  const { problem, action, images, cacheDir } = parseInput(fixProblemInputSchema, input);
  // In the problem's order, so "first" in a tie means the same image the check listed first.
  const byId = new Map(images.map((image) => [image.id, image]));
  return run(
    action,
    problem.imageIds.map((id) => byId.get(id)!),
    problem.details,
    cacheDir,
  );
}
