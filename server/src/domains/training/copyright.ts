/**
 * The copyright check of a training upload: nobody trains a style on another artist's work, nor on
 * images made on the platform. An upload is refused when it copies a training image of another
 * artist's style (similar-images.ts, by copy hash), or when it traces to a license (exact file, content credentials or
 * the invisible mark: licenses/trace.ts). Every generated image is refused, those of the artist's own
 * styles too: its license belongs to whoever bought it, and a style trained on its own output drifts
 * toward the model's artefacts instead of the artist's hand. A refusal names the rule only — nothing
 * of the other artist or of their private images — and is recorded in upload_blocks for review.
 */
import { schema } from '@style-license/db';
import type { AppError, CopyrightBlockRule } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { tracePlatformOrigin, type PlatformOrigin } from '../licenses/trace';
import { refuseImage, type InspectedImage } from './image-checks';
import { findOtherArtistsCopy, type OtherArtistMatch } from './similar-images';

const { uploadBlocks } = schema;

export type CopyrightDeps = Pick<ServerDeps, 'config' | 'database' | 'storage' | 'logger' | 'markReader'>;

export type CopyrightBlock =
  | { rule: 'copyright_other_artist'; match: OtherArtistMatch }
  | { rule: 'copyright_generated'; origin: PlatformOrigin };

/** What the artist reads (clients show their own words for the rule). */
const REASONS: Record<CopyrightBlockRule, string> = {
  copyright_other_artist:
    'matches a training image of another artist’s style; a style learns only from its artist’s own works',
  copyright_generated: 'was generated on Style License; generated images cannot train a style',
};

/** Why `image` may not train a style of `artistId`, or null when nothing blocks it. */
export async function findCopyrightBlock(
  deps: CopyrightDeps,
  artistId: string,
  image: InspectedImage,
): Promise<CopyrightBlock | null> {
  // The indexed hash search first: it is a query, where tracing reads the mark (~60–90 ms).
  const match = await findOtherArtistsCopy(deps, artistId, image);
  if (match) return { rule: 'copyright_other_artist', match };
  // The checked bytes (trailing data cut off): the file a license was issued for has none.
  const origin = await tracePlatformOrigin(deps, image.original, { purpose: 'upload-check' });
  return origin ? { rule: 'copyright_generated', origin } : null;
}

/**
 * Records and logs the block, and returns the refusal to throw. The record is written before the artist
 * hears of it: a block nobody can review would be a refusal without recourse.
 */
export async function recordCopyrightBlock(
  deps: CopyrightDeps,
  upload: { artistId: string; styleId: string; fileName: string; ip: string | null },
  image: InspectedImage,
  block: CopyrightBlock,
): Promise<AppError> {
  const matched =
    block.rule === 'copyright_other_artist'
      ? {
          evidence: 'perceptual_hash',
          confidence: block.match.similarity,
          matchedImageId: block.match.imageId,
          matchedStyleId: block.match.styleId,
          matchedArtistId: block.match.artistId,
          // Between the two copy hashes (the row's perceptual_hash is the upload's, for the record).
          hashDistance: block.match.distance,
        }
      : {
          evidence: block.origin.evidence,
          confidence: block.origin.confidence,
          licenseId: block.origin.licenseId,
          generationId: block.origin.generationId,
          matchedStyleId: block.origin.styleId,
          matchedArtistId: block.origin.artistId,
        };
  const [row] = await deps.database.db
    .insert(uploadBlocks)
    .values({
      ...upload,
      sha256: image.sha256,
      perceptualHash: image.perceptualHash,
      rule: block.rule,
      ...matched,
    })
    .returning({ id: uploadBlocks.id });
  deps.logger.warn(
    { blockId: row!.id, artistId: upload.artistId, styleId: upload.styleId, rule: block.rule, ...matched },
    'training image blocked as someone else’s work',
  );
  return refuseImage(upload.fileName, block.rule, REASONS[block.rule]);
}
