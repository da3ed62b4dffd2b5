/**
 * Making an operator's content-credential keys: a CA of their own and one ECDSA P-256 signing
 * certificate it issues. C2PA validators refuse self-signed signing certificates, so the chain is always
 * two certificates: the CA (basicConstraints CA:true, keyCertSign) is the trust anchor readers are given;
 * the signer has the profile C2PA asks of claim signers (critical keyUsage digitalSignature, an allowed
 * extendedKeyUsage, subject/authority key identifiers, not a CA). Used by `npm run credentials:create`,
 * by the tests (a foreign CA) and, once, to make the committed development files.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's WebCrypto is the standard one; the cast only bridges the DOM typings this package is built on.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

const ES256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** id-kp-documentSigning (RFC 9336): the EKU the C2PA specification names for claim signers. */
export const DOCUMENT_SIGNING_EKU = '1.3.6.1.5.5.7.3.36';
/** id-kp-emailProtection: also accepted by every C2PA validator, and by older ones that predate 9336. */
export const EMAIL_PROTECTION_EKU = '1.3.6.1.5.5.7.3.4';

export interface CredentialAuthorityOptions {
  /** The organisation named in both certificates (what C2PA readers show as the signer's issuer). */
  organization: string;
  /** When the certificates start; an hour before now by default, so clock skew does not matter. */
  notBefore?: Date;
  caYears?: number;
  /**
   * The signer's lifetime. There is no timestamp authority here, so validators check the signing
   * certificate at reading time: images signed with it read as valid for as long as it is valid.
   */
  signerYears?: number;
}

export interface CredentialAuthorityFiles {
  /** The CA certificate: CONTENT_CREDENTIALS_TRUST_ANCHOR, and what readers are told to trust. */
  caPem: string;
  /** The signing certificate followed by the CA: CONTENT_CREDENTIALS_CERT. */
  chainPem: string;
  /** The signing key, PKCS#8: CONTENT_CREDENTIALS_KEY. */
  keyPem: string;
  /** The CA's private key, PKCS#8: kept offline, needed only to issue the next signing certificate. */
  caKeyPem: string;
}

const pkcs8Pem = async (key: webcrypto.CryptoKey) =>
  x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');

/** A random positive 16-byte serial number (RFC 5280 allows up to 20 bytes; the top bit stays clear). */
function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** Distinguished names without separators that would split them into extra attributes. */
const dnValue = (text: string) =>
  text
    .replace(/[,+=\\"<>;#]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim() || 'Unnamed';

export async function createCredentialAuthority({
  organization,
  notBefore = new Date(Date.now() - 3600_000),
  caYears = 20,
  signerYears = 5,
}: CredentialAuthorityOptions): Promise<CredentialAuthorityFiles> {
  const org = dnValue(organization);
  const caKeys = await webcrypto.subtle.generateKey(ES256, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${org} Content Credentials CA, O=${org}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + caYears * YEAR_MS),
    keys: caKeys,
    signingAlgorithm: ES256,
    extensions: [
      // pathLen 0: this CA issues signing certificates only, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const signerKeys = await webcrypto.subtle.generateKey(ES256, true, ['sign', 'verify']);
  const signer = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${org} Content Credentials, O=${org}`,
    issuer: ca.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + signerYears * YEAR_MS),
    signingKey: caKeys.privateKey,
    publicKey: signerKeys.publicKey,
    signingAlgorithm: ES256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([DOCUMENT_SIGNING_EKU, EMAIL_PROTECTION_EKU], false),
      await x509.SubjectKeyIdentifierExtension.create(signerKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });

  const caPem = `${ca.toString('pem')}\n`;
  return {
    caPem,
    chainPem: `${signer.toString('pem')}\n${caPem}`,
    keyPem: `${await pkcs8Pem(signerKeys.privateKey)}\n`,
    caKeyPem: `${await pkcs8Pem(caKeys.privateKey)}\n`,
  };
}
