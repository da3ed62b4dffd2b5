/**
 * Shared by the content-credential suites: images made the way the worker makes signed files (sharp,
 * with EXIF IFD0 and an XMP packet carrying license fields), a license claim, signers under our
 * development CA and under a CA of someone else's, and moving a manifest from one file to another.
 */
import { JPEG, PNG, type Asset } from '@trustnxt/c2pa-ts/asset';
import sharp from 'sharp';
import { z } from 'zod';
import {
  contentCredentialsShape,
  createCredentialAuthority,
  credentialSignerFromPem,
  loadCredentialSigner,
  loadTrustAnchors,
  trustAnchorsFromPem,
  type CredentialClaim,
  type CredentialFormat,
} from '../src/content-credentials';
import { WebPAsset } from '../src/content-credentials/webp-asset';

export const FORMATS = ['png', 'webp', 'jpeg'] as const satisfies readonly CredentialFormat[];

export const claim: CredentialClaim = {
  title: 'a-quiet-harbour.png',
  licenseId: '1b4e28ba-2fa1-4d2b-883f-0016d3cca427',
  licenseUrl: 'https://style-license.app/licenses/1b4e28ba-2fa1-4d2b-883f-0016d3cca427',
  termsVersion: 2,
  styleId: '6f1c1d52-8f6e-4a43-9d0a-3c1f2b9a7e10',
  styleName: 'Harbour ink «wash»',
  artistId: 'c0a80121-7d3e-4b8e-9a45-1f2e3d4c5b6a',
  artistName: 'Zoë Ångström',
  artistProfileUrl: 'https://style-license.app/artists/c0a80121-7d3e-4b8e-9a45-1f2e3d4c5b6a',
  licenseeName: 'Min-jun Park',
};

export const EXIF = {
  IFD0: {
    Artist: 'Zoe Angstrom',
    Copyright: `Style License ${claim.licenseId}, ${claim.licenseUrl}. (C) 2026 artist "Zoe Angstrom".`,
  },
};

export const XMP = [
  '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
  '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
  '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
  '<rdf:Description rdf:about=""',
  ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
  ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"',
  ' xmlns:stylelicense="https://style-license.app/ns/xmp/1.0/">',
  `<dc:creator><rdf:Seq><rdf:li>${claim.artistName}</rdf:li></rdf:Seq></dc:creator>`,
  '<xmpRights:Marked>True</xmpRights:Marked>',
  `<xmpRights:WebStatement>${claim.licenseUrl}</xmpRights:WebStatement>`,
  `<stylelicense:LicenseId>${claim.licenseId}</stylelicense:LicenseId>`,
  `<stylelicense:TermsVersion>${claim.termsVersion}</stylelicense:TermsVersion>`,
  '</rdf:Description>',
  '</rdf:RDF>',
  '</x:xmpmeta>',
  '<?xpacket end="r"?>',
].join('\n');

/** Noisy pixels, so a one-pixel edit changes the compressed bytes. */
export async function makeImage(format: CredentialFormat, size = 96, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(size * size * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761 + seed * 40503) >>> 24;
  const image = sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .withExif(EXIF)
    .withXmp(XMP);
  if (format === 'png') return image.png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
  if (format === 'webp') return image.webp({ quality: 80, effort: 4 }).toBuffer();
  return image.jpeg({ quality: 85 }).toBuffer();
}

const developmentConfig = z.object(contentCredentialsShape).parse({});
export const ourSigner = () => loadCredentialSigner(developmentConfig);
export const ourTrust = () => loadTrustAnchors(developmentConfig);
export const DEVELOPMENT_CA_FILE = developmentConfig.CONTENT_CREDENTIALS_TRUST_ANCHOR;

/** Someone else's CA and signer, made by the same code as ours. */
export async function foreignAuthority(organization = 'Elsewhere Imaging') {
  const files = await createCredentialAuthority({ organization });
  return {
    files,
    signer: credentialSignerFromPem(files.chainPem, files.keyPem),
    trust: trustAnchorsFromPem(files.caPem),
  };
}

const ASSETS = { png: PNG, jpeg: JPEG, webp: WebPAsset } as const;
const assetOf = (format: CredentialFormat, file: Uint8Array): Asset =>
  new ASSETS[format](new Uint8Array(file));

export function manifestOf(format: CredentialFormat, file: Buffer): Uint8Array {
  const jumbf = assetOf(format, file).getManifestJUMBF();
  if (!jumbf) throw new Error('no manifest');
  return jumbf;
}

/** `target` with `from`'s manifest store put in, as someone copying credentials onto an edited file. */
export async function withManifestOf(
  format: CredentialFormat,
  from: Buffer,
  target: Buffer,
): Promise<Buffer> {
  const jumbf = manifestOf(format, from);
  const asset = assetOf(format, target);
  await asset.ensureManifestSpace(jumbf.length);
  await asset.writeManifestJUMBF(jumbf);
  return Buffer.from(await asset.getDataRange());
}

/** The same image with one pixel changed, encoded with the same settings and metadata. */
export async function pixelEdited(format: CredentialFormat, signed: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(signed).raw().toBuffer({ resolveWithObject: true });
  data[0] = data[0]! ^ 0xff;
  const image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .withExif(EXIF)
    .withXmp(XMP);
  if (format === 'png') return image.png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
  if (format === 'webp') return image.webp({ quality: 80, effort: 4 }).toBuffer();
  return image.jpeg({ quality: 85 }).toBuffer();
}
