/**
 * Object keys and signed URLs of the local store. A key can only name a file inside the store; a URL
 * grants one method on one key until its expiry, and any change to what it grants breaks the HMAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed URL allows: one method on one key until `exp` (unix seconds). */
export interface UrlGrant {
  method: 'GET' | 'PUT';
  key: string;
  exp: number;
  /** PUT: the only Content-Type the upload may carry. */
  contentType?: string;
  /** GET: served back as `Content-Disposition: attachment`. */
  downloadName?: string;
}

export type GrantCheck = { ok: true; grant: UrlGrant } | { ok: false; reason: string };

export interface UrlSigner {
  /** `${publicBaseUrl}/files/<key>?m=…&exp=…[&ct=…][&dn=…]&sig=…` */
  sign(grant: Omit<UrlGrant, 'exp'>, expiresInSeconds: number, nowMs?: number): string;
  /** Signature first (constant time), then expiry, so a forged `exp` reads as tampering, not as expiry. */
  verify(key: string, query: URLSearchParams, nowMs?: number): GrantCheck;
}

export class InvalidObjectKeyError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${problem}`);
    this.name = 'InvalidObjectKeyError';
  }
}

const MAX_KEY_BYTES = 1024; // S3's limit, so a key valid here is valid there.
const MAX_SEGMENT_BYTES = 255; // One file name on common file systems.
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600; // Same ceiling as SigV4, so both stores behave alike.

function keyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key === '') return 'is empty';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `is longer than ${MAX_KEY_BYTES} bytes`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(key)) return 'contains a control character';
  if (key.includes('\\')) return 'contains a backslash';
  if (key.startsWith('/')) return 'is an absolute path';
  for (const segment of key.split('/')) {
    if (segment === '') return 'has an empty segment';
    if (segment === '.' || segment === '..') return 'has a relative segment';
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      return `has a segment over ${MAX_SEGMENT_BYTES} bytes`;
  }
  return undefined;
}

/** Keys are slash paths that can only name a file inside the store: no `..`, no absolute or empty parts. */
export function assertValidKey(key: string): void {
  const problem = keyProblem(key);
  if (problem) throw new InvalidObjectKeyError(key, problem);
}

/** Each segment is encoded on its own so the URL keeps the key's slashes readable. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function expiryFrom(expiresInSeconds: number, nowMs: number): number {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGN_SECONDS) {
    throw new Error(`expiresInSeconds must be an integer from 1 to ${MAX_PRESIGN_SECONDS}`);
  }
  // Rounded up, so a URL lives at least as long as asked (and at most one second longer).
  return Math.ceil(nowMs / 1000 + expiresInSeconds);
}

/** JSON keeps the fields unambiguous: no key or file name can be crafted to shift another field. */
function signGrant(secret: string, grant: UrlGrant): string {
  const canonical = JSON.stringify([
    grant.method,
    grant.key,
    grant.exp,
    grant.contentType ?? null,
    grant.downloadName ?? null,
  ]);
  return createHmac('sha256', secret).update(canonical).digest('hex');
}

function grantFromQuery(key: string, query: URLSearchParams): UrlGrant | undefined {
  const method = query.get('m');
  const exp = query.get('exp');
  if ((method !== 'GET' && method !== 'PUT') || !exp || !/^\d{1,12}$/.test(exp)) return undefined;
  const grant: UrlGrant = { method, key, exp: Number(exp) };
  const contentType = query.get('ct');
  const downloadName = query.get('dn');
  if (contentType !== null) grant.contentType = contentType;
  if (downloadName !== null) grant.downloadName = downloadName;
  return grant;
}

function signatureMatches(expectedHex: string, givenHex: string | null): boolean {
  if (!givenHex || !/^[0-9a-f]{64}$/.test(givenHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex, 'hex'));
}

export function createUrlSigner(secret: string, publicBaseUrl: string): UrlSigner {
  if (secret.length < 16) throw new Error('the storage signing secret must be at least 16 characters');
  const baseUrl = publicBaseUrl.replace(/\/+$/, '');
  return {
    sign(partial, expiresInSeconds, nowMs = Date.now()) {
      assertValidKey(partial.key);
      const grant: UrlGrant = { ...partial, exp: expiryFrom(expiresInSeconds, nowMs) };
      const query = new URLSearchParams({ m: grant.method, exp: String(grant.exp) });
      if (grant.contentType !== undefined) query.set('ct', grant.contentType);
      if (grant.downloadName !== undefined) query.set('dn', grant.downloadName);
      query.set('sig', signGrant(secret, grant));
      return `${baseUrl}/files/${encodeKeyPath(grant.key)}?${query}`;
    },
    verify(key, query, nowMs = Date.now()) {
      const grant = grantFromQuery(key, query);
      if (!grant || !signatureMatches(signGrant(secret, grant), query.get('sig'))) {
        return { ok: false, reason: 'the link is not valid' };
      }
      if (nowMs >= grant.exp * 1000) return { ok: false, reason: 'the link has expired' };
      return { ok: true, grant };
    },
  };
}
