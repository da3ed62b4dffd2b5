/**
 * A new content-credentials authority written to a folder: the CA and the signing certificate it
 * issued, with their private keys. All or nothing, and never over an existing file: a new certificate
 * beside an old key would be a set that does not work, and keys are not to be lost by a repeated
 * command. Private keys are readable by their owner only. Used by `npm run credentials:create` and by
 * anything that runs production configuration on its own (tests, benchmarks).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCredentialAuthority, type CredentialAuthorityOptions } from './certificates';
import type { ContentCredentialsConfig } from './keys';

const FILES = [
  ['ca.pem', 'caPem', 0o644],
  ['chain.pem', 'chainPem', 0o644],
  ['key.pem', 'keyPem', 0o600],
  ['ca-key.pem', 'caKeyPem', 0o600],
] as const;

export class CredentialFilesExist extends Error {
  constructor(readonly files: string[]) {
    super(`not written: ${files.join(', ')} already exist (keys are never replaced)`);
  }
}

/** The variables that select the written set, and where the CA's key went (nothing running needs it). */
export async function writeCredentialAuthority(
  dir: string,
  options: CredentialAuthorityOptions,
): Promise<{ config: ContentCredentialsConfig; caKeyFile: string }> {
  const target = (name: string) => path.join(path.resolve(dir), name);
  const existing = FILES.map(([name]) => target(name)).filter((file) => existsSync(file));
  if (existing.length) throw new CredentialFilesExist(existing);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = await createCredentialAuthority(options);
  // 'wx' still: a file appearing meanwhile is not overwritten either.
  for (const [name, field, mode] of FILES) writeFileSync(target(name), files[field], { mode, flag: 'wx' });
  return {
    config: {
      CONTENT_CREDENTIALS_CERT: target('chain.pem'),
      CONTENT_CREDENTIALS_KEY: target('key.pem'),
      CONTENT_CREDENTIALS_TRUST_ANCHOR: target('ca.pem'),
    },
    caKeyFile: target('ca-key.pem'),
  };
}
