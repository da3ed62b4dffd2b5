/**
 * Where the content-credential keys come from: three PEM files named by configuration (the signing
 * chain, its PKCS#8 key, our CA as trust anchor), defaulting to the committed development set, which
 * production refuses. Signing is ES256 through node:crypto in IEEE P1363 form (r‖s), as COSE requires:
 * c2pa-ts 0.9.4's own LocalSigner emits DER signatures, which c2pa-rs rejects ("EC signature should be in
 * P1363 r|s format"; fixed upstream after 0.9.4).
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BasicConstraintsExtension,
  X509Certificate as CoseCertificate,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
} from '@peculiar/x509';
import { p256 } from '@noble/curves/nist.js';
import { CoseAlgorithmIdentifier, type Signer } from '@trustnxt/c2pa-ts/cose';
import { z } from 'zod';
import { DOCUMENT_SIGNING_EKU, EMAIL_PROTECTION_EKU } from './certificates';
import { certificatesFromPem, trustAnchorsFromPem, verifyChain, type TrustAnchors } from './trust';

/** Set by scripts/build.mjs (esbuild `define`) in the production bundle. */
declare const STYLE_LICENSE_BUNDLED: boolean | undefined;

/**
 * The development set, public like DEVELOPMENT_STORAGE_SECRET, made by the operators' own command:
 *   npm run credentials:create -- --out platform/src/content-credentials/development \
 *     --name "Style License Development" --years 25
 * and then its ca-key.pem deleted, since nothing needs to issue more development certificates.
 * A bundle finds them beside itself in content-credentials-development/, when the build copies them.
 */
const developmentFile = (name: string) =>
  fileURLToPath(
    typeof STYLE_LICENSE_BUNDLED !== 'undefined'
      ? new URL(`./content-credentials-development/${name}`, import.meta.url)
      : new URL(`./development/${name}`, import.meta.url),
  );

/**
 * SHA-256 of the development signer's and CA's public keys (SubjectPublicKeyInfo DER). Production is
 * refused by key, not by path, so a copy of the files elsewhere is refused too; a test holds these to
 * the committed files.
 */
export const DEVELOPMENT_KEY_FINGERPRINTS = {
  signer: '89e2cbc481e803eb5c54ad1ed7bdc1072e2fd27bdfe812dd53679e464a397c35',
  ca: '2312e2da150bf3c37fbd60319f7ff7306dbf2a0531f0dd66e5904ec430ad7ba1',
} as const;

export const contentCredentialsShape = {
  /** PEM: the signing certificate, then the CA that issued it (`npm run credentials:create` makes both). */
  CONTENT_CREDENTIALS_CERT: z.string().min(1).default(developmentFile('chain.pem')),
  /** PEM, PKCS#8: the signing certificate's ECDSA P-256 private key. */
  CONTENT_CREDENTIALS_KEY: z.string().min(1).default(developmentFile('key.pem')),
  /** PEM: our CA; a manifest whose signer chains to it reads as ours. */
  CONTENT_CREDENTIALS_TRUST_ANCHOR: z.string().min(1).default(developmentFile('ca.pem')),
};

export interface ContentCredentialsConfig {
  CONTENT_CREDENTIALS_CERT: string;
  CONTENT_CREDENTIALS_KEY: string;
  CONTENT_CREDENTIALS_TRUST_ANCHOR: string;
}

/** What signs manifests: c2pa-ts's signer interface, so a KMS or HSM signer can stand in later. */
export type CredentialSigner = Signer;

/** The hex SHA-256 of a public key's SubjectPublicKeyInfo DER. */
export const publicKeyFingerprint = (key: KeyObject) =>
  createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');

const isP256 = (key: KeyObject) =>
  key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';

/**
 * What C2PA validators demand of a claim signer's certificate, checked at loading so that a wrong one
 * fails at startup rather than as invalid manifests in every file signed with it.
 */
function signerProfileProblem(certificate: CoseCertificate): string | undefined {
  const usage = certificate.getExtension(KeyUsagesExtension);
  if (!usage?.critical || !(usage.usages & KeyUsageFlags.digitalSignature)) {
    return 'the signing certificate needs a critical keyUsage with digitalSignature';
  }
  if (certificate.getExtension(BasicConstraintsExtension)?.ca) {
    return 'the signing certificate is a CA certificate, which C2PA refuses as a signer';
  }
  const ekus = certificate.getExtension(ExtendedKeyUsageExtension)?.usages ?? [];
  if (!ekus.some((eku) => eku === DOCUMENT_SIGNING_EKU || eku === EMAIL_PROTECTION_EKU)) {
    return 'the signing certificate needs extendedKeyUsage documentSigning or emailProtection';
  }
  if (certificate.subject === certificate.issuer) {
    return 'the signing certificate is self-signed, which C2PA refuses: issue it from a CA';
  }
  return undefined;
}

/** A signer from PEM text: the chain (signer first) and its PKCS#8 key, which must belong together. */
export function credentialSignerFromPem(chainPem: string, keyPem: string): CredentialSigner {
  const chain = certificatesFromPem(chainPem);
  const leaf = chain[0];
  if (!leaf) throw new Error('no certificate in the signing chain PEM');
  const privateKey = createPrivateKey({ key: keyPem, format: 'pem' });
  if (!isP256(privateKey)) throw new Error('the signing key must be ECDSA P-256 (ES256)');
  if (publicKeyFingerprint(createPublicKey(privateKey)) !== publicKeyFingerprint(leaf.publicKey)) {
    throw new Error('the signing key does not belong to the first certificate of the chain');
  }
  const secretKey = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const [certificate, ...chainCertificates] = chain.map((c) => new CoseCertificate(c.raw));
  const profileProblem = signerProfileProblem(certificate!);
  if (profileProblem) throw new Error(profileProblem);
  return {
    algorithm: CoseAlgorithmIdentifier.ES256,
    certificate: certificate!,
    chainCertificates,
    // RFC 6979 deterministic ECDSA (r‖s, as C2PA wants): the same file signed twice is the same bytes,
    // so a job signed again after a crash or by two workers at once yields the file its license hashed.
    async sign(payload: Uint8Array) {
      return p256.sign(payload, secretKey, { prehash: true, extraEntropy: false, format: 'compact' });
    },
  };
}

export function loadCredentialSigner(config: ContentCredentialsConfig): CredentialSigner {
  return credentialSignerFromPem(
    readFileSync(config.CONTENT_CREDENTIALS_CERT, 'utf8'),
    readFileSync(config.CONTENT_CREDENTIALS_KEY, 'utf8'),
  );
}

export function loadTrustAnchors(config: ContentCredentialsConfig): TrustAnchors {
  return trustAnchorsFromPem(readFileSync(config.CONTENT_CREDENTIALS_TRUST_ANCHOR, 'utf8'));
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Everything wrong with the configured files, for startup: unreadable files, a key that is not the
 * certificate's, a chain that does not reach the trust anchor, and in production the development keys.
 */
export function contentCredentialsProblems(config: ContentCredentialsConfig, production: boolean): string[] {
  const problems: string[] = [];
  const create = 'create your own with `npm run credentials:create -- --out <dir>`';
  let signer: CredentialSigner | undefined;
  let anchors: TrustAnchors | undefined;
  try {
    signer = loadCredentialSigner(config);
  } catch (error) {
    problems.push(`CONTENT_CREDENTIALS_CERT / CONTENT_CREDENTIALS_KEY: ${describe(error)}`);
  }
  try {
    anchors = loadTrustAnchors(config);
  } catch (error) {
    problems.push(`CONTENT_CREDENTIALS_TRUST_ANCHOR: ${describe(error)}`);
  }
  const chain = signer
    ? [signer.certificate, ...signer.chainCertificates].map(
        (c) => new X509Certificate(Buffer.from(c.rawData)),
      )
    : [];
  if (signer && anchors) {
    const verdict = verifyChain(chain, anchors);
    if (!verdict.trusted) {
      problems.push(
        `CONTENT_CREDENTIALS_CERT: does not chain to CONTENT_CREDENTIALS_TRUST_ANCHOR (${verdict.reason})`,
      );
    }
  }
  if (production) {
    if (chain[0] && publicKeyFingerprint(chain[0].publicKey) === DEVELOPMENT_KEY_FINGERPRINTS.signer) {
      problems.push(
        'CONTENT_CREDENTIALS_KEY: the development signing key (public in the repository) is refused in ' +
          `production; ${create}`,
      );
    }
    if (
      anchors?.certificates.some((c) => publicKeyFingerprint(c.publicKey) === DEVELOPMENT_KEY_FINGERPRINTS.ca)
    ) {
      problems.push(
        'CONTENT_CREDENTIALS_TRUST_ANCHOR: the development CA is refused in production (anyone can sign ' +
          `as it); ${create}`,
      );
    }
  }
  return problems;
}
