// Inputs and outputs of the gallery API: publishing a generated image, the public feed, an image's page.
// Invariant: only a succeeded image can be public, and others only ever see its signed preview.
import { z } from 'zod';
import { VISIBILITIES } from '../domain';
import { FEED_PAGE_MAX, IMAGE_DESCRIPTION_MAX } from './limits';
import { plainTextSchema } from './plain-text';
import { tagSchema } from './styles';

export { FEED_PAGE_MAX, IMAGE_DESCRIPTION_MAX } from './limits';

/** Plain text, markup kept as typed (plain-text.ts); empty clears it. */
export const imageDescriptionSchema = plainTextSchema({ max: IMAGE_DESCRIPTION_MAX, what: 'A description' });

/** The owner's sharing of one of their images: public or private, and its description. */
export const updateImageSchema = z
  .strictObject({
    generationId: z.uuid(),
    visibility: z.enum(VISIBILITIES).optional(),
    description: imageDescriptionSchema.optional(),
  })
  .refine((input) => input.visibility !== undefined || input.description !== undefined, {
    message: 'Nothing to change',
  });
export type UpdateImageInput = z.infer<typeof updateImageSchema>;

export const feedInputSchema = z.object({
  /** The `nextCursor` of the previous page, unchanged, with the same filters. */
  cursor: z.string().min(1).max(512).optional(),
  limit: z.number().int().min(1).max(FEED_PAGE_MAX).default(24),
  styleId: z.uuid().optional(),
  /** Images made in any of this artist's styles. */
  artistId: z.uuid().optional(),
  /** Images whose prompt or style carries this tag. */
  tag: tagSchema.optional(),
  /** Only images in the styles of artists the caller follows (signed in only). */
  following: z.boolean().default(false),
});
export type FeedInput = z.infer<typeof feedInputSchema>;
export type FeedQuery = z.input<typeof feedInputSchema>;

export const imageIdSchema = z.object({ generationId: z.uuid() });

const personSchema = z.object({ id: z.uuid(), displayName: z.string() });
export type Person = z.infer<typeof personSchema>;

/** One public image, as the feed shows it. */
export const feedItemSchema = z.object({
  id: z.uuid(),
  /** A short-lived link to the signed preview; the licensed file stays its owner's. */
  previewUrl: z.string(),
  description: z.string().nullable(),
  promptTags: z.array(z.string()),
  style: z.object({ id: z.uuid(), name: z.string() }),
  artist: personSchema,
  /** Who made (and licensed) the image. */
  owner: personSchema,
  likeCount: z.number().int(),
  commentCount: z.number().int(),
  /** False for a reader who is not signed in. */
  likedByMe: z.boolean(),
  publishedAt: z.string(),
  /** Made up by `npm start`'s demo seed: clients show a "Demo" badge. */
  demo: z.boolean(),
});
export type FeedItem = z.infer<typeof feedItemSchema>;

export const feedPageSchema = z.object({
  items: z.array(feedItemSchema),
  nextCursor: z.string().nullable(),
});
export type FeedPage = z.infer<typeof feedPageSchema>;

/** What anyone may know of an image's license; the license page (`/licenses/<id>`) verifies it. */
export const licenseSummarySchema = z.object({
  id: z.uuid(),
  licenseeName: z.string(),
  artistName: z.string(),
  styleName: z.string(),
  styleVersion: z.number().int().nullable(),
  termsVersion: z.number().int(),
  issuedAt: z.string(),
});

/** An image's page: a public image for anyone, and the owner's own image whether public or not. */
export const imageDetailSchema = feedItemSchema.extend({
  /** Null while it has never been public. */
  publishedAt: z.string().nullable(),
  visibility: z.enum(VISIBILITIES),
  /** The reader owns it (and may change its sharing or download the licensed file). */
  mine: z.boolean(),
  license: licenseSummarySchema.nullable(),
});
export type ImageDetail = z.infer<typeof imageDetailSchema>;

/** The image's sharing after an update. */
export const imageSharingSchema = z.object({
  id: z.uuid(),
  visibility: z.enum(VISIBILITIES),
  description: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type ImageSharing = z.infer<typeof imageSharingSchema>;
