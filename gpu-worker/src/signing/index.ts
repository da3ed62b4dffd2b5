/** Signing generated images: the signature overlay from the shared rules, license metadata, encoding. */
export {
  PREVIEW_WEBP_OPTIONS,
  SIGNED_PNG_OPTIONS,
  decodePixels,
  signGeneratedImage,
  signPixels,
  type SignOptions,
  type SignRequest,
  type SignedImage,
} from './sign';
export { STYLE_LICENSE_XMP_NS, licenseExif, licenseXmp, type LicenseMetadata } from './metadata';
export {
  buildSignatureLayer,
  compositeSignatureLayer,
  type ImageSize,
  type OutlineColour,
  type RawPixels,
  type SignatureLayer,
} from './signature-layer';
