/**
 * Whether a manifest's certificate chain leads to one of our trust anchors. c2pa-ts 0.9.4 checks each
 * certificate's C2PA profile but not the chain ("TODO Actually verify the certificate chain"), so this
 * does the path check itself with node:crypto: every certificate is issued and signed by the next one,
 * every issuer is a CA, all are within their validity, and the last is signed by (or is) an anchor.
 * Invariant: nothing here throws on hostile certificates; anything unreadable is simply not trusted.
 */
import { X509Certificate } from 'node:crypto';

/** The CA certificates whose signers count as ours. */
export interface TrustAnchors {
  readonly certificates: readonly X509Certificate[];
}

/** Longer chains than this are refused unread: ours is two certificates, public ones three or four. */
const MAX_CHAIN = 8;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM text, in order (the text around the blocks is ignored). */
export function certificatesFromPem(pem: string): X509Certificate[] {
  return (pem.match(PEM_CERTIFICATE) ?? []).map((block) => new X509Certificate(block));
}

export function trustAnchorsFromPem(pem: string): TrustAnchors {
  const certificates = certificatesFromPem(pem);
  if (certificates.length === 0) throw new Error('no certificate in the trust anchor PEM');
  for (const certificate of certificates) {
    if (!certificate.ca) throw new Error(`trust anchor "${nameOf(certificate)}" is not a CA certificate`);
  }
  return { certificates };
}

/** Node writes one attribute per line; messages want one line. */
const nameOf = (certificate: X509Certificate) => certificate.subject.split('\n').join(', ');

const withinValidity = (certificate: X509Certificate, at: Date) =>
  new Date(certificate.validFrom) <= at && at <= new Date(certificate.validTo);

/** `child` names `parent` as its issuer and carries its signature. */
function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

export type ChainVerdict = { trusted: true } | { trusted: false; reason: string };

/**
 * `chain` is the signer first, then the certificates the manifest carried with it (x5chain order).
 * `at` is when to check validity: without a trusted timestamp in the manifest, that is now.
 */
export function verifyChain(
  chain: readonly X509Certificate[],
  anchors: TrustAnchors,
  at: Date = new Date(),
): ChainVerdict {
  if (chain.length === 0) return { trusted: false, reason: 'no signing certificate' };
  if (chain.length > MAX_CHAIN) return { trusted: false, reason: 'certificate chain too long' };
  for (let i = 0; i < chain.length; i++) {
    const certificate = chain[i]!;
    if (!withinValidity(certificate, at)) {
      return { trusted: false, reason: `certificate "${nameOf(certificate)}" is outside its validity` };
    }
    // The signer itself is never an anchor: an anchor is a CA, and C2PA refuses CA signing certificates.
    if (
      i > 0 &&
      anchors.certificates.some((anchor) => anchor.fingerprint256 === certificate.fingerprint256)
    ) {
      return { trusted: true };
    }
    const anchor = anchors.certificates.find(
      (candidate) => withinValidity(candidate, at) && issuedBy(certificate, candidate),
    );
    if (anchor) return { trusted: true };
    const next = chain[i + 1];
    if (!next) break;
    if (!next.ca || !issuedBy(certificate, next)) {
      return { trusted: false, reason: `certificate "${nameOf(certificate)}" is not issued by the next one` };
    }
  }
  return { trusted: false, reason: 'the certificate chain does not lead to a trusted anchor' };
}
