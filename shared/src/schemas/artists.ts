// Inputs and outputs of the artists API (becoming an artist, the signature, the public artist page).
// The signature rules live here once: the upload form, the server and the signing code all read them.
import { z } from 'zod';
import { displayNameSchema } from './accounts';

/** Largest signature file accepted, in bytes, checked before anything decodes it. */
export const SIGNATURE_MAX_BYTES = 2 * 1024 * 1024;
/** Base64 length of a SIGNATURE_MAX_BYTES file: the JSON body carries the file in this form. */
export const SIGNATURE_MAX_BASE64_LENGTH = Math.ceil(SIGNATURE_MAX_BYTES / 3) * 4;
/** Every stored signature is a PNG exactly this high, so the signing code can place it without measuring. */
export const SIGNATURE_HEIGHT_PX = 160;
/** Widest stored signature (6:1); a longer one is scaled down and padded with transparency to keep the height. */
export const SIGNATURE_MAX_WIDTH_PX = 6 * SIGNATURE_HEIGHT_PX;
/** The server trusts the bytes, not the name; the name only lets the form refuse a wrong file early. */
export const SIGNATURE_FILE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

const fileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((name) => SIGNATURE_FILE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext)), {
    message: `Signature must be a ${SIGNATURE_FILE_EXTENSIONS.join(', ')} file`,
  });

/** A file sent inside a JSON body: tRPC speaks JSON, so the bytes travel as base64. */
export const signatureFileSchema = z.object({
  fileName: fileNameSchema,
  dataBase64: z
    .base64()
    .min(1)
    .max(SIGNATURE_MAX_BASE64_LENGTH, { message: 'Signature is larger than 2 MB' }),
});
export type SignatureFile = z.infer<typeof signatureFileSchema>;

export const applyAsArtistSchema = z.object({
  /** Where buyers and the platform reach the artist; not the Google sign-in address, which stays private. */
  contactEmail: z.email().max(254),
  signature: signatureFileSchema,
  /**
   * The name to be known by as an artist, set together with the role; omitted, the current display
   * name is used. Artist names are unique by look (CONFLICT `name_taken`), so this is how someone whose
   * name another artist already has can still apply.
   */
  displayName: displayNameSchema.optional(),
});
export type ApplyAsArtistInput = z.infer<typeof applyAsArtistSchema>;

export const replaceSignatureSchema = z.object({ signature: signatureFileSchema });
export type ReplaceSignatureInput = z.infer<typeof replaceSignatureSchema>;

export const artistIdSchema = z.object({ artistId: z.uuid() });

/** The signed-in artist's own artist data (never shown to others: the contact email is private). */
export const artistProfileSchema = z.object({
  contactEmail: z.string(),
  /** ISO timestamp of the application. */
  artistSince: z.string(),
});
export type ArtistProfile = z.infer<typeof artistProfileSchema>;

/** A short-lived link to the artist's current signature, for their settings page. */
export const signatureUrlSchema = z.object({ url: z.string(), expiresAt: z.string() });
export type SignatureUrl = z.infer<typeof signatureUrlSchema>;

/** What anyone may see on an artist's page. Their styles are added by the styles domain. */
export const artistPageSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  bio: z.string().nullable(),
  /** ISO timestamp of joining the platform. */
  joinedAt: z.string(),
  followerCount: z.number().int(),
  /** The reader follows this artist (false when not signed in). */
  followedByMe: z.boolean(),
  /** A demo artist made up by `npm start`'s seed: clients show a "Demo" badge. */
  demo: z.boolean(),
});
export type ArtistPage = z.infer<typeof artistPageSchema>;
