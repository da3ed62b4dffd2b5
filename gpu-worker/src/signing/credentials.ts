/**
 * Content credentials (C2PA) for a bought image: the claim its manifest makes, from the license it was
 * signed with, and the signer when the caller configures none (tests, benchmarks, development).
 */
import { loadConfig } from '@style-license/platform/config';
import {
  contentCredentialsShape,
  loadCredentialSigner,
  type CredentialClaim,
  type CredentialSigner,
} from '@style-license/platform/content-credentials';
import type { LicenseMetadata } from './metadata';

let development: CredentialSigner | undefined;

/** The committed development signer (the configuration's defaults); production configuration refuses it. */
export function developmentCredentialSigner(): CredentialSigner {
  development ??= loadCredentialSigner(loadConfig(contentCredentialsShape, {}));
  return development;
}

/** The manifest's claim: the license as issued, the artist's profile beside its license page. */
export function credentialClaimOf(meta: LicenseMetadata): CredentialClaim {
  return {
    title: `${meta.licenseId}.png`,
    licenseId: meta.licenseId,
    licenseUrl: meta.licenseUrl,
    termsVersion: meta.termsVersion,
    styleId: meta.styleId,
    styleName: meta.styleName,
    artistId: meta.artistId,
    artistName: meta.artistName,
    artistProfileUrl: new URL(`/artists/${meta.artistId}`, meta.licenseUrl).href,
    licenseeName: meta.licenseeName,
  };
}
