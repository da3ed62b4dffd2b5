/**
 * The keys production requires of its own (it refuses the development ones): a license-mark key and a
 * content-credentials authority, made once per test process as an operator makes them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCredentialAuthority } from '@style-license/platform/content-credentials';

let made: Promise<Record<string, string>> | undefined;

export function productionKeys(): Promise<Record<string, string>> {
  made ??= writeCredentialAuthority(join(mkdtempSync(join(tmpdir(), 'sl-keys-')), 'credentials'), {
    organization: 'Server Tests',
  }).then(({ config }) => ({
    LICENSE_MARK_KEY: 'a-license-mark-key-of-our-own-32-chars',
    ...config,
  }));
  return made;
}
