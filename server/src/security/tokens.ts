// Secrets handed to clients (session tokens, one-time codes, OAuth state) are 256-bit random values;
// only their SHA-256 is stored, so a database leak does not leak usable credentials.
import { createHash, randomBytes } from 'node:crypto';

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** RFC 7636 S256: BASE64URL(SHA256(verifier)). */
export const pkceChallenge = (verifier: string): string =>
  createHash('sha256').update(verifier).digest('base64url');
