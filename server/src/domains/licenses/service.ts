/**
 * License verification: given a license id or an image file, says whether it is a genuine signed image
 * from the platform and for whom it is licensed. Files match by the SHA-256 of the exact bytes issued,
 * so any edit (re-encoding, cropping, even metadata changes) no longer matches, and the answer says so.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@style-license/db';

const { licenses, styles, users } = schema;
const artist = alias(users, 'artist');
const owner = alias(users, 'owner');

async function licenseBy(db: Db, where: ReturnType<typeof eq>) {
  const [row] = await db
    .select({
      licenseId: licenses.id,
      generationId: licenses.generationId,
      issuedAt: licenses.issuedAt,
      terms: licenses.terms,
      fileSha256: licenses.fileSha256,
      styleName: styles.name,
      artistName: artist.displayName,
      licenseeName: owner.displayName,
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
      terms: string;
      fileSha256: string;
      styleName: string;
      artistName: string;
      licenseeName: string;
    }
  | { genuine: false; reason: string };

const genuine = (row: NonNullable<Awaited<ReturnType<typeof licenseBy>>>): Verification => ({
  genuine: true,
  ...row,
  issuedAt: row.issuedAt.toISOString(),
});

export async function verifyLicense(
  db: Db,
  input: { licenseId: string } | { fileBase64: string },
): Promise<Verification> {
  if ('licenseId' in input) {
    const row = await licenseBy(db, eq(licenses.id, input.licenseId));
    return row
      ? genuine(row)
      : { genuine: false, reason: 'No license with this id was issued by Style License.' };
  }
  const sha256 = createHash('sha256').update(Buffer.from(input.fileBase64, 'base64')).digest('hex');
  const row = await licenseBy(db, eq(licenses.fileSha256, sha256));
  if (row) return genuine(row);
  return {
    genuine: false,
    reason:
      'This file does not match any image issued by Style License. An edited copy (re-encoded, cropped, resized ' +
      'or with changed metadata) no longer matches; ask the licensee for the original file or the license id.',
  };
}
