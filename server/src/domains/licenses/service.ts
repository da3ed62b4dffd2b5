/**
 * License verification: given a license id or an image file, says whether it is a genuine signed image
 * from the platform and what its license says. That is the license as issued (issue.ts): the names, ids
 * and terms written into the file, which never change; today's names are given apart, under `current`.
 * Files match by the SHA-256 of the exact bytes issued, so any edit (re-encoding, cropping, even metadata
 * changes) no longer matches, and the answer says so.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@style-license/db';
import { artistUrl } from './issue';

const { licenses, styles, users } = schema;
const artist = alias(users, 'artist');
const owner = alias(users, 'owner');

async function licenseBy(db: Db, where: ReturnType<typeof eq>) {
  const [row] = await db
    .select({
      license: licenses,
      current: { artistName: artist.displayName, styleName: styles.name, licenseeName: owner.displayName },
    })
    .from(licenses)
    .innerJoin(styles, eq(styles.id, licenses.styleId))
    .innerJoin(artist, eq(artist.id, licenses.artistId))
    .innerJoin(owner, eq(owner.id, licenses.ownerId))
    .where(where);
  return row;
}

export type Verification =
  | {
      genuine: true;
      licenseId: string;
      generationId: string;
      issuedAt: string;
      termsVersion: number;
      /** The terms as issued, in English (the file's x-default), and in Korean from version 2 on. */
      terms: string;
      termsKo: string | null;
      fileSha256: string;
      artistId: string;
      artistName: string;
      /** The artist's public profile address. */
      artistUrl: string;
      styleId: string;
      styleName: string;
      styleVersion: number | null;
      licenseeId: string;
      licenseeName: string;
      /** The names as they are now, which may differ from those the license was issued with. */
      current: { artistName: string; styleName: string; licenseeName: string };
    }
  | { genuine: false; reason: string };

function genuine(
  { license, current }: NonNullable<Awaited<ReturnType<typeof licenseBy>>>,
  publicUrl: string,
): Verification {
  return {
    genuine: true,
    licenseId: license.id,
    generationId: license.generationId,
    issuedAt: license.issuedAt.toISOString(),
    termsVersion: license.termsVersion,
    terms: license.terms,
    termsKo: license.termsKo,
    fileSha256: license.fileSha256,
    artistId: license.artistId,
    artistName: license.artistName,
    artistUrl: artistUrl(publicUrl, license.artistId),
    styleId: license.styleId,
    styleName: license.styleName,
    styleVersion: license.styleVersion,
    licenseeId: license.ownerId,
    licenseeName: license.licenseeName,
    current,
  };
}

export async function verifyLicense(
  db: Db,
  publicUrl: string,
  input: { licenseId: string } | { fileBase64: string },
): Promise<Verification> {
  if ('licenseId' in input) {
    const row = await licenseBy(db, eq(licenses.id, input.licenseId));
    return row
      ? genuine(row, publicUrl)
      : { genuine: false, reason: 'No license with this id was issued by Style License.' };
  }
  const sha256 = createHash('sha256').update(Buffer.from(input.fileBase64, 'base64')).digest('hex');
  const row = await licenseBy(db, eq(licenses.fileSha256, sha256));
  if (row) return genuine(row, publicUrl);
  return {
    genuine: false,
    reason:
      'This file does not match any image issued by Style License. An edited copy (re-encoded, cropped, resized ' +
      'or with changed metadata) of a licensed image no longer matches, though its license still covers it: ask ' +
      'the licensee for the original file or the license id.',
  };
}
