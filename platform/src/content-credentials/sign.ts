/**
 * Adding our C2PA manifest to a finished file: the last step of signing, after every other byte (pixels,
 * EXIF, XMP) is final, because its data hash binds exactly those bytes and the license's SHA-256 is then
 * taken over the result. The manifest goes in beside the existing metadata, which stays byte for byte.
 */
import { createHash } from 'node:crypto';
import { ClaimVersion, DataHashAssertion, ManifestStore } from '@trustnxt/c2pa-ts/manifest';
import { assertionsFor, CLAIM_GENERATOR, DEFAULT_TITLE, type CredentialClaim } from './claim';
import { assetOf, type CredentialFormat } from './formats';
import type { CredentialSigner } from './keys';

const MIME_TYPES = { png: 'image/png', webp: 'image/webp', jpeg: 'image/jpeg' } as const;

/**
 * Room reserved in the COSE header for what signing adds (the 64-byte ES256 signature and its CBOR
 * header), which c2pa-ts takes out of this padding. Both before and after, the padding must stay in the
 * same CBOR length class (256–65,535 bytes: a 2-byte length), or the store changes size after the space
 * for it was made. c2pa-ts reserves 25,000 by default, for timestamp tokens we do not have; that padding
 * would stay in every file.
 */
const SIGNATURE_PADDING = 512;

/**
 * A v4-shaped UUID drawn from the claim and the file's bytes instead of at random: with deterministic
 * signatures (keys.ts) the same file credentialed twice is byte for byte the same, as signing must be.
 */
function uuidOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  const bytes = hash.digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function addContentCredentials(
  file: Buffer,
  format: CredentialFormat,
  claim: CredentialClaim,
  signer: CredentialSigner,
): Promise<Buffer> {
  const asset = assetOf(file, format);
  // Replacing a manifest would silently drop someone's provenance; a file is credentialed once.
  if (asset.getManifestJUMBF()) throw new Error('the file already carries content credentials');

  const store = new ManifestStore();
  const manifest = store.createManifest({
    claimVersion: ClaimVersion.V2,
    assetFormat: MIME_TYPES[format],
    instanceID: `xmp:iid:${uuidOf('instance', file)}`,
    defaultHashAlgorithm: 'SHA-256',
    signer,
  });
  // c2pa-ts labels the manifest with a random URN; ours derives from what it signs.
  manifest.label = `urn:c2pa:${uuidOf('manifest', claim.licenseId, format, file)}`;
  manifest.claim!.title = claim.title || DEFAULT_TITLE;
  manifest.claim!.claimGeneratorName = CLAIM_GENERATOR.name;
  manifest.claim!.claimGeneratorVersion = CLAIM_GENERATOR.version;
  manifest.signature!.signatureData.paddingLength = SIGNATURE_PADDING;
  for (const assertion of assertionsFor(claim)) manifest.addAssertion(assertion);
  const binding = DataHashAssertion.create('SHA-256');
  manifest.addAssertion(binding);

  // The store's size is fixed before hashing (padding absorbs what the hash and signature add), so the
  // space made here and the exclusion range hashed around it stay exactly right.
  await asset.ensureManifestSpace(store.measureSize());
  await binding.updateWithAsset(asset);
  await manifest.sign(signer);
  await asset.writeManifestJUMBF(store.getBytes());
  const signed = await asset.getDataRange();
  return Buffer.from(signed.buffer, signed.byteOffset, signed.byteLength);
}
