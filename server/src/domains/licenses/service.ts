/**
 * License verification: given a license id or an image file, says whether it is a genuine signed image
 * from the platform and what its license says. That is the license as issued (issue.ts): the names, ids
 * and terms written into the file, which never change; today's names are given apart, under `current`.
 * A file is traced by the strongest evidence it still carries (trace.ts): the exact bytes issued, our
 * content credentials, or the invisible license mark, which an edited copy keeps; the answer says which
 * matched and how strongly, and whether the file is the one issued or an edited copy.
 */
import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@style-license/db';
import type { CredentialReading } from '@style-license/platform/content-credentials';
import type { ServerDeps } from '../../deps';
import { artistUrl } from './issue';
import { traceImage, type TraceEvidence } from './trace';

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

/** How a verification found its license: the id asked about, or evidence in the file. */
export interface VerificationEvidence {
  by: 'license_id' | TraceEvidence;
  /** 1 for an id, the exact file or our manifest; for a mark, 1 − the chance an unmarked image reads so. */
  confidence: number;
  /** The file is byte for byte the one issued (false: an edited copy, still covered by the license). */
  exactFile: boolean;
}

export type Verification =
  | {
      genuine: true;
      evidence: VerificationEvidence;
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
  | {
      genuine: false;
      reason: string;
      /**
       * Content credentials (C2PA) found in a file that traced to no license of ours: another tool's or
       * service's, or ours no longer bound to these bytes. Absent when the file has none.
       */
      credentials?: ForeignCredentials;
    };

export interface ForeignCredentials {
  /** The signature and the asset's hashes check out (the bytes are those the manifest signed). */
  valid: boolean;
  /** Signed by a certificate chaining to our own CA. */
  ours: boolean;
  /** Who signed: the signing certificate's organisation or common name. */
  signer: string | null;
  /** The software that made the manifest (claim_generator). */
  generator: string | null;
  /** Why it is not valid, in English, when it is not. */
  problem: string | null;
}

function genuine(
  { license, current }: NonNullable<Awaited<ReturnType<typeof licenseBy>>>,
  publicUrl: string,
  evidence: VerificationEvidence,
): Verification {
  return {
    genuine: true,
    evidence,
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

function foreignCredentials(reading: CredentialReading): ForeignCredentials {
  return {
    valid: reading.valid,
    ours: reading.ours,
    signer: reading.signer?.organization ?? reading.signer?.commonName ?? null,
    generator: reading.claimGenerator ?? null,
    problem: reading.valid ? null : reading.problems.join('; ') || 'the manifest does not check out',
  };
}

type VerifyDeps = Pick<ServerDeps, 'database' | 'config' | 'logger' | 'markReader'>;

export async function verifyLicense(
  deps: VerifyDeps,
  input: { licenseId: string } | { fileBase64: string },
): Promise<Verification> {
  const { db } = deps.database;
  const publicUrl = deps.config.PUBLIC_URL;
  if ('licenseId' in input) {
    const row = await licenseBy(db, eq(licenses.id, input.licenseId));
    return row
      ? genuine(row, publicUrl, { by: 'license_id', confidence: 1, exactFile: false })
      : { genuine: false, reason: 'No license with this id was issued by Style License.' };
  }
  const { origin, credentials } = await traceImage(deps, Buffer.from(input.fileBase64, 'base64'));
  const row = origin && (await licenseBy(db, eq(licenses.id, origin.licenseId)));
  if (origin && row) {
    return genuine(row, publicUrl, {
      by: origin.evidence,
      confidence: origin.confidence,
      exactFile: origin.evidence === 'file_hash',
    });
  }
  return {
    genuine: false,
    ...(credentials ? { credentials: foreignCredentials(credentials) } : {}),
    reason:
      'This file does not match any image issued by Style License, carries none of its content credentials, ' +
      'and no license mark could be read from it. A heavily edited copy (turned, cropped hard, or made much ' +
      'smaller) may lose the mark though its license still covers it: ask the licensee for the license id.',
  };
}
