/**
 * The metadata written into every signed file: EXIF IFD0 (Artist, Copyright, ImageDescription) and an
 * XMP packet (dc:creator, dc:rights, dc:description, xmpRights:UsageTerms/Marked, our own namespace).
 * A bought image names the artist and its license (id, terms LICENSE_TERMS_V1, WebStatement); a style
 * sample names the artist and says it is an unlicensed sample (SAMPLE_TERMS_V1), with no license id or URL.
 * Invariant: user-supplied text is stripped of control characters and XML-escaped, so no name can break
 * out of its element or truncate a field.
 */
import { LICENSE_TERMS_V1, SAMPLE_TERMS_V1 } from '@style-license/shared';

export interface LicenseMetadata {
  artistName: string;
  styleName: string;
  licenseId: string;
  /** The public page that verifies this license (xmpRights:WebStatement). */
  licenseUrl: string;
  /** Copyright year, fixed by the caller so a retried signing writes the same text. */
  year: number;
}

/** A style sample's metadata: who made the style, and nothing that could pass for a license. */
export type SampleMetadata = Omit<LicenseMetadata, 'licenseId' | 'licenseUrl'>;

/** What an encoder embeds: the EXIF IFD0 fields and the XMP packet. */
export interface EmbeddedMetadata {
  exif: { IFD0: Record<string, string> };
  xmp: string;
}

/** Namespace of our own XMP properties (a URI names it; nothing is fetched from it). */
export const STYLE_LICENSE_XMP_NS = 'https://style-license.app/ns/xmp/1.0/';

/** The copyright year of an image made for a request: from when it was made, so every attempt agrees. */
export const copyrightYearOf = (createdAt: string) => new Date(createdAt).getUTCFullYear();

/** Control characters (newlines, NUL…) would truncate EXIF strings and are not allowed in XML 1.0. */
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

const escapeXml = (text: string) =>
  plain(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const copyright = (meta: LicenseMetadata) =>
  `© ${meta.year} ${plain(meta.artistName)}. Style License v1, license ${meta.licenseId}.`;

const description = (meta: LicenseMetadata) =>
  `Generated in the style "${plain(meta.styleName)}" by ${plain(meta.artistName)} under Style License v1 ` +
  `(license ${meta.licenseId}, ${meta.licenseUrl}).`;

const sampleCopyright = (meta: SampleMetadata) =>
  `© ${meta.year} ${plain(meta.artistName)}. Style sample, not licensed for use.`;

const sampleDescription = (meta: SampleMetadata) =>
  `Sample of the style "${plain(meta.styleName)}" by ${plain(meta.artistName)} on Style License. ` +
  'A sample is not licensed: no license was granted for this image.';

/**
 * EXIF ASCII fields: libvips transliterates anything outside ASCII ("©" becomes "(C)", "ë" becomes "e");
 * the XMP packet carries the exact Unicode text.
 */
const exifOf = (artistName: string, rights: string, about: string) => ({
  IFD0: { Artist: plain(artistName), Copyright: rights, ImageDescription: about },
});

export const licenseExif = (meta: LicenseMetadata) =>
  exifOf(meta.artistName, copyright(meta), description(meta));

export const sampleExif = (meta: SampleMetadata) =>
  exifOf(meta.artistName, sampleCopyright(meta), sampleDescription(meta));

const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;

/** The packet around the properties both kinds share; `extra` are already-escaped elements. */
function xmpPacket(
  fields: { artistName: string; rights: string; about: string; terms: string },
  extra: string[],
): string {
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"',
    ` xmlns:stylelicense="${STYLE_LICENSE_XMP_NS}">`,
    `<dc:creator><rdf:Seq><rdf:li>${escapeXml(fields.artistName)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:rights>${alt(fields.rights)}</dc:rights>`,
    `<dc:description>${alt(fields.about)}</dc:description>`,
    '<xmpRights:Marked>True</xmpRights:Marked>',
    `<xmpRights:UsageTerms>${alt(fields.terms)}</xmpRights:UsageTerms>`,
    ...extra,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
}

export function licenseXmp(meta: LicenseMetadata): string {
  return xmpPacket(
    {
      artistName: meta.artistName,
      rights: copyright(meta),
      about: description(meta),
      terms: `${LICENSE_TERMS_V1} License ${meta.licenseId}.`,
    },
    [
      `<xmpRights:WebStatement>${escapeXml(meta.licenseUrl)}</xmpRights:WebStatement>`,
      `<stylelicense:LicenseId>${escapeXml(meta.licenseId)}</stylelicense:LicenseId>`,
      `<stylelicense:StyleName>${escapeXml(meta.styleName)}</stylelicense:StyleName>`,
    ],
  );
}

/** No WebStatement and no LicenseId: nothing in a sample points at a license, because there is none. */
export function sampleXmp(meta: SampleMetadata): string {
  return xmpPacket(
    {
      artistName: meta.artistName,
      rights: sampleCopyright(meta),
      about: sampleDescription(meta),
      terms: SAMPLE_TERMS_V1,
    },
    [
      '<stylelicense:Sample>True</stylelicense:Sample>',
      `<stylelicense:StyleName>${escapeXml(meta.styleName)}</stylelicense:StyleName>`,
    ],
  );
}

export const licenseMetadata = (meta: LicenseMetadata): EmbeddedMetadata => ({
  exif: licenseExif(meta),
  xmp: licenseXmp(meta),
});

export const sampleMetadata = (meta: SampleMetadata): EmbeddedMetadata => ({
  exif: sampleExif(meta),
  xmp: sampleXmp(meta),
});
