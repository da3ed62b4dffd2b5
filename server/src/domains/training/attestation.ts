/**
 * The artist's attestation, at submit, that they own the rights to every image of the set: required
 * for every training run, and recorded with the run's job (same transaction) — the statement's version,
 * the set it covered (count and a digest of its images), the time, the address and the client. Asked at
 * submit rather than at upload because that is when the set is final and put to use: one statement
 * covers exactly what trains, whatever batches it arrived in, and a retrain attests again.
 */
import { createHash } from 'node:crypto';
import { schema, type Db } from '@style-license/db';
import { AppError, RIGHTS_STATEMENT_VERSION } from '@style-license/shared';

const { rightsAttestations } = schema;
const USER_AGENT_MAX = 512;

export interface RightsAttestation {
  /** Only `true` attests; the API's schema already insists, and so does the service for other callers. */
  rightsAttested: boolean;
  ip: string | null;
  userAgent: string | null;
}

export function assertAttested(attestation: RightsAttestation): void {
  if (attestation.rightsAttested === true) return;
  throw new AppError(
    'VALIDATION_FAILED',
    'Confirm that you own the rights to every image of this set before training',
    { details: [{ path: 'rightsAttested', rule: 'rights_attestation', message: 'Not attested' }] },
  );
}

/** SHA-256 over the images' SHA-256s in sorted order, one per line: names the set whatever its order. */
export function setDigest(imageSha256s: string[]): string {
  return createHash('sha256')
    .update([...imageSha256s].sort().join('\n'))
    .digest('hex');
}

export async function recordAttestation(
  tx: Db,
  run: { trainingJobId: string; styleId: string; artistId: string; imageSha256s: string[] },
  attestation: RightsAttestation,
): Promise<void> {
  await tx.insert(rightsAttestations).values({
    trainingJobId: run.trainingJobId,
    styleId: run.styleId,
    artistId: run.artistId,
    statementVersion: RIGHTS_STATEMENT_VERSION,
    imageCount: run.imageSha256s.length,
    imagesSha256: setDigest(run.imageSha256s),
    ip: attestation.ip,
    userAgent: attestation.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
  });
}
