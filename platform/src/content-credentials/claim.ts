/**
 * What our manifests say, as c2pa-ts assertions: `c2pa.actions.v2` with one `c2pa.created` of
 * trained-algorithmic media, a schema.org CreativeWork naming the artist and the license page, and our
 * own CBOR assertion `com.stylelicense.license` with the license as issued. Reading parses our assertion
 * back with a schema, so a manifest of ours from another version (or a hand-made one) yields no license
 * rather than wrongly typed fields.
 */
import {
  ActionAssertion,
  ActionType,
  Assertion,
  CreativeWorkAssertion,
  DigitalSourceType,
} from '@trustnxt/c2pa-ts/manifest';
import { CBORBox, type IBox } from '@trustnxt/c2pa-ts/jumbf';
import { z } from 'zod';

export const CLAIM_GENERATOR = { name: 'Style License', version: '1.0' } as const;
export const DEFAULT_TITLE = 'Style License image';
export const LICENSE_ASSERTION_LABEL = 'com.stylelicense.license';

/** The license as our assertion carries it: what the file's XMP says, signed. */
export const licenseCredentialSchema = z.object({
  licenseId: z.string().min(1).max(200),
  /** The public page that verifies the license. */
  licenseUrl: z.string().url().max(2000),
  termsVersion: z.number().int().min(1),
  styleId: z.string().min(1).max(200),
  styleName: z.string().max(500),
  artistId: z.string().min(1).max(200),
  artistName: z.string().max(500),
  /** The artist's public profile page (the CreativeWork's author url). */
  artistProfileUrl: z.string().url().max(2000),
  /** The buyer's name at purchase; may be empty, as in the license itself. */
  licenseeName: z.string().max(500),
});
export type LicenseCredential = z.infer<typeof licenseCredentialSchema>;

/** What `addContentCredentials` needs: the license, and the file name readers show as the title. */
export interface CredentialClaim extends LicenseCredential {
  /** The file's name; "Style License image" when absent. */
  title?: string;
}

// c2pa-ts keeps its box UUIDs private; an assertion of its own carries the CBOR assertion UUID.
const CBOR_ASSERTION_UUID = new ActionAssertion().uuid;

/** Our platform assertion: a CBOR map, validated on the way in and on the way out. */
export class LicenseAssertion extends Assertion {
  override label = LICENSE_ASSERTION_LABEL;
  override uuid = CBOR_ASSERTION_UUID;

  constructor(public content?: LicenseCredential) {
    super();
  }

  readContentFromJUMBF(box: IBox): void {
    const parsed = box instanceof CBORBox ? licenseCredentialSchema.safeParse(box.content) : undefined;
    this.content = parsed?.success ? parsed.data : undefined;
  }

  generateJUMBFBoxForContent(): IBox {
    const box = new CBORBox();
    box.content = licenseCredentialSchema.parse(this.content);
    return box;
  }
}

/** The license in an assertion read by c2pa-ts (which knows ours only as an UnknownAssertion). */
export function licenseOf(assertion: Assertion): LicenseCredential | undefined {
  const reader = new LicenseAssertion();
  const content = assertion.sourceBox?.contentBoxes[0];
  if (!content) return undefined;
  reader.readContentFromJUMBF(content);
  return reader.content;
}

export function assertionsFor(claim: CredentialClaim): Assertion[] {
  const license = licenseCredentialSchema.parse(claim);

  const actions = new ActionAssertion();
  actions.actions.push({
    action: ActionType.C2paCreated,
    digitalSourceType: DigitalSourceType.TrainedAlgorithmicMedia,
    softwareAgent: { ...CLAIM_GENERATOR },
  });

  const work = new CreativeWorkAssertion();
  work.creativeWork = {
    '@type': 'CreativeWork',
    author: [{ '@type': 'Person', name: license.artistName, url: license.artistProfileUrl }],
    license: license.licenseUrl,
  };

  return [actions, work, new LicenseAssertion(license)];
}
