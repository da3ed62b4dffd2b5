/** Signing images made from a style: the signature overlay from the shared rules, metadata, encoding. */
export {
  PREVIEW_WEBP_OPTIONS,
  SIGNED_PNG_OPTIONS,
  decodePixels,
  signGeneratedImage,
  signPixels,
  signSampleImage,
  type SampleSignRequest,
  type SignOptions,
  type SignedSample,
  type SignRequest,
  type SignedImage,
} from './sign';
export {
  STYLE_LICENSE_XMP_NS,
  copyrightYearOf,
  licenseExif,
  licenseXmp,
  sampleExif,
  sampleXmp,
  type LicenseMetadata,
  type SampleMetadata,
} from './metadata';
export {
  buildSignatureLayer,
  compositeSignatureLayer,
  type ImageSize,
  type OutlineColour,
  type RawPixels,
  type SignatureLayer,
} from './signature-layer';
