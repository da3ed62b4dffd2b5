/**
 * C2PA content credentials for the files we sign: add a signed manifest as the last step of signing,
 * read and judge one (valid? ours?), and the keys and trust anchor both need, from configuration.
 */
export { addContentCredentials } from './sign';
export { readContentCredentials, type CredentialReading, type CredentialSignerName } from './read';
export {
  CLAIM_GENERATOR,
  DEFAULT_TITLE,
  LICENSE_ASSERTION_LABEL,
  licenseCredentialSchema,
  type CredentialClaim,
  type LicenseCredential,
} from './claim';
export type { CredentialFormat } from './formats';
export {
  contentCredentialsProblems,
  contentCredentialsShape,
  credentialSignerFromPem,
  DEVELOPMENT_KEY_FINGERPRINTS,
  loadCredentialSigner,
  loadTrustAnchors,
  publicKeyFingerprint,
  type ContentCredentialsConfig,
  type CredentialSigner,
} from './keys';
export { trustAnchorsFromPem, verifyChain, type TrustAnchors } from './trust';
export { CredentialFilesExist, writeCredentialAuthority } from './authority-files';
export {
  createCredentialAuthority,
  type CredentialAuthorityFiles,
  type CredentialAuthorityOptions,
} from './certificates';
