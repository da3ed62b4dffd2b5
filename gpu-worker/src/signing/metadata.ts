/**
 * The license metadata written into every signed file: EXIF IFD0 (Artist, Copyright, ImageDescription)
 * and an XMP packet (dc:creator, dc:rights, xmpRights:UsageTerms/WebStatement/Marked, and the license id
 * in our own namespace). Both name the artist and the license; the terms text is LICENSE_TERMS_V1 only.
 * Invariant: user-supplied text is stripped of control characters and XML-escaped, so no name can break
 * out of its element or truncate a field.
 */
import { LICENSE_TERMS_V1 } from '@style-license/shared';

export interface LicenseMetadata {
  artistName: string;
  styleName: string;
  licenseId: string;
  /** The public page that verifies this license (xmpRights:WebStatement). */
  licenseUrl: string;
  /** Copyright year, fixed by the caller so a retried signing writes the same text. */
  year: number;
}

/** Namespace of our own XMP properties (a URI names it; nothing is fetched from it). */
export const STYLE_LICENSE_XMP_NS = 'https://style-license.app/ns/xmp/1.0/';

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

/**
 * EXIF ASCII fields: libvips transliterates anything outside ASCII ("©" becomes "(C)", "ë" becomes "e");
 * the XMP packet carries the exact Unicode text.
 */
export function licenseExif(meta: LicenseMetadata) {
  return {
    IFD0: {
      Artist: plain(meta.artistName),
      Copyright: copyright(meta),
      ImageDescription: description(meta),
    },
  };
}

const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;

export function licenseXmp(meta: LicenseMetadata): string {
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"',
    ` xmlns:stylelicense="${STYLE_LICENSE_XMP_NS}">`,
    `<dc:creator><rdf:Seq><rdf:li>${escapeXml(meta.artistName)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:rights>${alt(copyright(meta))}</dc:rights>`,
    `<dc:description>${alt(description(meta))}</dc:description>`,
    '<xmpRights:Marked>True</xmpRights:Marked>',
    `<xmpRights:UsageTerms>${alt(`${LICENSE_TERMS_V1} License ${meta.licenseId}.`)}</xmpRights:UsageTerms>`,
    `<xmpRights:WebStatement>${escapeXml(meta.licenseUrl)}</xmpRights:WebStatement>`,
    `<stylelicense:LicenseId>${escapeXml(meta.licenseId)}</stylelicense:LicenseId>`,
    `<stylelicense:StyleName>${escapeXml(meta.styleName)}</stylelicense:StyleName>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
}
