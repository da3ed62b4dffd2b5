/**
 * Upload tokens: what the server promised when it handed out a presigned PUT (which style, which
 * object key, which declared size and hash, until when), signed so the confirm step can trust it back.
 * Key layout: a link writes `uploads/<uuid>`; a confirmed image's checked bytes live at
 * `originals/<uuid>`, a key no link ever names, so a second PUT on the link cannot replace them.
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

export const uploadsPrefix = (styleId: string) => `styles/${styleId}/uploads/`;
export const originalsPrefix = (styleId: string) => `styles/${styleId}/originals/`;

const UPLOAD_KEY = /^styles\/([0-9a-f-]{36})\/uploads\/([0-9a-f-]{36})$/i;

/** Where the confirmed original of an upload link's key lives; null for a key that is not a link's. */
export function originalKeyFor(uploadKey: string): string | null {
  const match = UPLOAD_KEY.exec(uploadKey);
  return match ? `${originalsPrefix(match[1]!)}${match[2]!}` : null;
}

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
  // Defence in depth: even a token signed with a leaked secret may only name an upload key of this style.
  if (!grant.key.startsWith(uploadsPrefix(styleId)) || !originalKeyFor(grant.key)) {
    throw new AppError('FORBIDDEN', 'This upload token names an object outside the style');
  }
  if (grant.exp * 1000 < now) {
    throw new AppError('VALIDATION_FAILED', `${grant.fileName}: the upload link expired`, {
      details: [{ path: grant.fileName, rule: 'expired', message: 'request a new upload link' }],
    });
  }
  return grant;
}
