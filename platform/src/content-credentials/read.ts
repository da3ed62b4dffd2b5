/**
 * Reading and judging a file's C2PA manifest. `valid` is c2pa-ts's validation of the active manifest:
 * the claim signature, every assertion's hash, and the data hash over the file's bytes (so an edited
 * file carrying a copied manifest is invalid). `ours` is whether that signature verifies with a
 * certificate chaining to our trust anchor. Hostile input never throws: an unreadable container or
 * manifest is a reading with `valid: false` and the reason, a file without one is null.
 */
import { X509Certificate } from 'node:crypto';
import type { X509Certificate as CoseCertificate } from '@peculiar/x509';
import type { Asset } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import {
  Assertion,
  ManifestStore,
  ValidationStatusCode,
  type Manifest,
  type ValidationResult,
} from '@trustnxt/c2pa-ts/manifest';
import { LICENSE_ASSERTION_LABEL, licenseOf, type LicenseCredential } from './claim';
import { assetOf, detectFormat, type CredentialFormat } from './formats';
import { jumbfStructureProblem } from './jumbf-guard';
import { verifyChain, type TrustAnchors } from './trust';

export interface CredentialSignerName {
  commonName?: string;
  organization?: string;
  /** The common name of the certificate's issuer (our CA, for ours). */
  issuer?: string;
}

export interface CredentialReading {
  format: CredentialFormat;
  /** The manifest is intact and binds exactly these bytes. */
  valid: boolean;
  /** The claim signature verifies with a certificate that chains to our trust anchor. */
  ours: boolean;
  /** Why the file is not valid, or not ours; empty when it is both. */
  problems: string[];
  signer?: CredentialSignerName;
  /** "name/version" of the software that made the claim. */
  claimGenerator?: string;
  title?: string;
  /** Our license assertion: only when the file is valid and ours, so its presence means licensed bytes. */
  license?: LicenseCredential;
}

/** The box type of every JUMBF superbox: no manifest store exists without these four bytes. */
const JUMBF_TYPE = Buffer.from('jumb', 'latin1');

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function readContentCredentials(
  file: Buffer,
  trust: TrustAnchors,
): Promise<CredentialReading | null> {
  const format = detectFormat(file);
  if (!format || file.indexOf(JUMBF_TYPE) < 0) return null;
  const invalid = (problem: string): CredentialReading => ({
    format,
    valid: false,
    ours: false,
    problems: [problem],
  });

  let asset: Asset;
  let jumbf: Uint8Array | undefined;
  try {
    asset = assetOf(file, format);
    jumbf = asset.getManifestJUMBF();
  } catch (error) {
    return invalid(`unreadable ${format.toUpperCase()} structure: ${message(error)}`);
  }
  if (!jumbf) return null;
  const structureProblem = jumbfStructureProblem(jumbf);
  if (structureProblem) return invalid(`malformed manifest: ${structureProblem}`);

  try {
    const store = ManifestStore.read(SuperBox.fromBuffer(new Uint8Array(jumbf)));
    const manifest = store.getActiveManifest();
    if (!manifest) return invalid('the manifest store holds no manifest');
    return judge(format, manifest, await store.validate(asset), trust);
  } catch (error) {
    return invalid(`malformed manifest: ${message(error)}`);
  }
}

function judge(
  format: CredentialFormat,
  manifest: Manifest,
  result: ValidationResult,
  trust: TrustAnchors,
): CredentialReading {
  const problems = result.statusEntries
    .filter((entry) => !entry.success)
    .map((entry) => (entry.explanation ? `${entry.code}: ${entry.explanation}` : entry.code));
  const signatureVerified = result.statusEntries.some(
    (entry) => entry.success && entry.code === ValidationStatusCode.ClaimSignatureValidated,
  );

  const cose = manifest.signature?.signatureData;
  const certificates = cose?.certificate ? [cose.certificate, ...cose.chainCertificates] : [];
  let ours = false;
  try {
    const verdict = verifyChain(
      certificates.map((c) => new X509Certificate(Buffer.from(c.rawData))),
      trust,
    );
    ours = signatureVerified && verdict.trusted;
    if (!verdict.trusted) problems.push(`not signed by us: ${verdict.reason}`);
  } catch (error) {
    problems.push(`not signed by us: unreadable certificate (${message(error)})`);
  }

  const valid = result.isValid;
  const claim = manifest.claim;
  const generator = claim?.claimGeneratorName;
  return {
    format,
    valid,
    ours,
    problems,
    signer: cose?.certificate ? signerName(cose.certificate) : undefined,
    claimGenerator:
      generator && (claim.claimGeneratorVersion ? `${generator}/${claim.claimGeneratorVersion}` : generator),
    title: claim?.title,
    license: valid && ours ? signedLicense(manifest) : undefined,
  };
}

/**
 * Our assertion, found through the claim's hashed references only: an assertion store can hold boxes
 * the claim does not list (nothing signs those), so one found by label alone could be anyone's.
 */
function signedLicense(manifest: Manifest): LicenseCredential | undefined {
  const referenced = (manifest.claim?.assertions ?? [])
    .map((reference) => manifest.getComponentByURL(reference.uri, true))
    .filter((c): c is Assertion => c instanceof Assertion && c.label === LICENSE_ASSERTION_LABEL);
  return referenced.length === 1 ? licenseOf(referenced[0]!) : undefined;
}

function signerName(certificate: CoseCertificate): CredentialSignerName {
  const first = (values: string[]) => values[0];
  try {
    return {
      commonName: first(certificate.subjectName.getField('CN')),
      organization: first(certificate.subjectName.getField('O')),
      issuer: first(certificate.issuerName.getField('CN')),
    };
  } catch {
    return {};
  }
}
