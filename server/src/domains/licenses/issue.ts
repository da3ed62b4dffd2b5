/**
 * Issuing a license in two steps that agree by construction: at purchase the grant (ids, names as they
 * are then, terms version, style version and engine) is fixed into the job, and the worker signs the
 * file with it; at completion the grant the worker reports back is recorded as one row that the
 * database refuses to change. The file, the license page and verification therefore say the same thing,
 * whatever is renamed before or after the image is made.
 */
import { eq } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import {
  AppError,
  LICENSE_TERMS_V1,
  LICENSE_TERMS_V2,
  LICENSE_TERMS_VERSION,
  printableText,
  type LicenseGrant,
} from '@style-license/shared';

const { licenses, users } = schema;

/** Where an artist's public profile lives. The page is not built yet; the address is the one it will have. */
export const artistUrl = (publicUrl: string, artistId: string) => `${publicUrl}/artists/${artistId}`;

async function displayNameOf(tx: Db, userId: string): Promise<string> {
  const [row] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? '';
}

/** The grant a purchase fixes: everything but the licensee's name comes from the purchase itself. */
export async function grantAtPurchase(
  tx: Db,
  sale: Omit<LicenseGrant, 'termsVersion' | 'licenseeName'>,
): Promise<LicenseGrant> {
  return {
    ...sale,
    termsVersion: LICENSE_TERMS_VERSION,
    licenseeName: await displayNameOf(tx, sale.licenseeId),
  };
}

/** The generation being completed, as the success transaction has it locked. */
export interface Completion {
  generation: {
    id: string;
    licenseId: string | null;
    styleId: string;
    styleVersion: number | null;
    ownerId: string;
  };
  style: { artistId: string; name: string };
  fileSha256: string;
  /** What the worker signed the file with; absent from workers older than the grant. */
  signed: LicenseGrant | undefined;
}

/**
 * A grant names the generation's own license, style version, artist and buyer, or it is refused: a
 * confused worker cannot record a license that says something else.
 */
function assertOwnGrant({ generation, style, signed }: Completion & { signed: LicenseGrant }) {
  const own =
    signed.licenseId === generation.licenseId &&
    signed.styleId === generation.styleId &&
    signed.styleVersion === generation.styleVersion &&
    signed.artistId === style.artistId &&
    signed.licenseeId === generation.ownerId;
  if (!own) throw new AppError('VALIDATION_FAILED', 'A generation result must carry its own license');
}

async function recordOf(tx: Db, completion: Completion) {
  const { generation, style, signed } = completion;
  const ids = {
    id: generation.licenseId!,
    generationId: generation.id,
    styleId: generation.styleId,
    styleVersion: generation.styleVersion,
    artistId: style.artistId,
    ownerId: generation.ownerId,
    fileSha256: completion.fileSha256,
  };
  if (!signed) {
    // An older worker wrote the v1 layout and terms with the names of the purchase, which it did not
    // report: the names now are the closest record there is (as migration 0008 did for older licenses).
    const [artistName, licenseeName] = await Promise.all([
      displayNameOf(tx, style.artistId),
      displayNameOf(tx, generation.ownerId),
    ]);
    return {
      ...ids,
      styleName: style.name,
      artistName,
      licenseeName,
      termsVersion: 1,
      terms: LICENSE_TERMS_V1,
      termsKo: null,
    };
  }
  assertOwnGrant({ ...completion, signed });
  // As the file shows them: the worker writes every name through printableText.
  return {
    ...ids,
    styleName: printableText(signed.styleName),
    artistName: printableText(signed.artistName),
    licenseeName: printableText(signed.licenseeName),
    termsVersion: signed.termsVersion,
    terms: LICENSE_TERMS_V2.text(signed, 'en'),
    termsKo: LICENSE_TERMS_V2.text(signed, 'ko'),
  };
}

/** Records the license of a generation that succeeded, once: the row can never change afterwards. */
export async function issueLicense(tx: Db, completion: Completion): Promise<void> {
  await tx.insert(licenses).values(await recordOf(tx, completion));
}
