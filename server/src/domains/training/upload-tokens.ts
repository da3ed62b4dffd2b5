/**
 * Upload tokens: what the server promised when it handed out a presigned PUT (which style, which
 * object key, which declared size and hash, until when), signed so the confirm step can trust it back
 * without a table of pending uploads.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '@style-license/shared';

export interface UploadGrant {
  styleId: string;
  key: string;
  fileName: string;
  byteSize: number;
  sha256: string;
  /** Unix seconds. */
  exp: number;
}

export const originalsPrefix = (styleId: string) => `styles/${styleId}/originals/`;

const sign = (secret: string, body: string) =>
  createHmac('sha256', `upload-token:${secret}`).update(body).digest('base64url');

export function issueUploadToken(secret: string, grant: UploadGrant): string {
  const body = Buffer.from(JSON.stringify(grant)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function readUploadToken(
  secret: string,
  token: string,
  styleId: string,
  now = Date.now(),
): UploadGrant {
  const [body, signature] = token.split('.');
  const expected = body ? sign(secret, body) : '';
  const valid =
    body &&
    signature &&
    signature.length === expected.length &&
    timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  if (!valid)
    throw new AppError('VALIDATION_FAILED', 'Upload token is not valid', {
      details: [{ rule: 'upload_token', message: 'tampered or malformed' }],
    });
  const grant = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as UploadGrant;
  if (grant.styleId !== styleId) throw new AppError('FORBIDDEN', 'This upload belongs to another style');
  // Defence in depth: even a token signed with a leaked secret may only name this style's originals.
  if (!grant.key.startsWith(originalsPrefix(styleId)) || grant.key.includes('..')) {
    throw new AppError('FORBIDDEN', 'This upload token names an object outside the style');
  }
  if (grant.exp * 1000 < now) {
    throw new AppError('VALIDATION_FAILED', `${grant.fileName}: the upload link expired`, {
      details: [{ path: grant.fileName, rule: 'expired', message: 'request a new upload link' }],
    });
  }
  return grant;
}
