/** A bought image's license as a purchase fixes it (LicenseGrant), for the signing tests and benches. */
import type { LicenseGrant } from '@style-license/shared';
import type { LicenseMetadata } from '../src/signing';

const licenseId = '7d1f0a4e-2f7b-4a53-9d0c-0e3c9a6b1f11';

export const exampleGrant: LicenseGrant = {
  licenseId,
  licenseUrl: `https://style-license.test/licenses/${licenseId}`,
  termsVersion: 2,
  artistId: '3b0e7f52-9a41-4c1e-8f0d-6a2b9c4d5e61',
  artistName: 'Jane Doe',
  styleId: 'c5a1d2e3-4f56-4789-9abc-def012345678',
  styleName: 'Morning Wash',
  styleVersion: 3,
  engine: 'quilt',
  licenseeId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a',
  licenseeName: 'Ari Buyer',
};

export const exampleLicense: LicenseMetadata = { ...exampleGrant, year: 2025 };
