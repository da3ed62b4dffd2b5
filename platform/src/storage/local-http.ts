/**
 * Serves the local store's signed `/files/<key>` URLs, independent of any HTTP framework. Nothing is read
 * or written unless the URL's HMAC matches, it has not expired, and the request uses the method it grants.
 */
import type { Readable } from 'node:stream';
import type { ErrorBody } from '@style-license/shared';
import { attachmentDisposition } from './content-disposition';
import { ObjectTooLargeError, type LocalObjectStorage } from './local';
import { assertValidKey, type UrlGrant } from './local-urls';

export interface LocalStorageRequest {
  method: string;
  /** The request target as received, e.g. `/files/a/b.png?m=GET&exp=…&sig=…` (or an absolute URL). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The request body; only read for PUT. A Node IncomingMessage qualifies. */
  body?: AsyncIterable<Uint8Array | string> | NodeJS.ReadableStream;
}

export interface LocalStorageResponse {
  status: number;
  headers: Record<string, string>;
  /** A Buffer for errors, a file stream for GET; absent for HEAD and successful PUT. */
  body?: Buffer | Readable;
}

export interface LocalHandlerOptions {
  /** Largest accepted upload in bytes; larger ones get 413 and leave nothing behind. Default 25 MB. */
  maxPutBytes?: number;
  /** Clock for expiry checks (tests). */
  now?: () => number;
}

export const DEFAULT_MAX_PUT_BYTES = 25 * 1024 * 1024;
const FILES_SEGMENT = '/files/';

type StorageErrorCode = Extract<ErrorBody['code'], 'FORBIDDEN' | 'NOT_FOUND' | 'VALIDATION_FAILED'>;

function errorResponse(httpStatus: number, code: StorageErrorCode, message: string): LocalStorageResponse {
  const body: ErrorBody = { code, httpStatus, message };
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  // After refusing an upload we stop reading its body; closing the connection discards the rest.
  if (httpStatus === 413) headers.connection = 'close';
  return { status: httpStatus, headers, body: Buffer.from(JSON.stringify(body)) };
}

function header(request: LocalStorageRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The key is everything after the first `/files/`, so the handler works wherever it is mounted. */
function keyFromPath(pathname: string): string | undefined {
  const start = pathname.indexOf(FILES_SEGMENT);
  if (start === -1) return undefined;
  const key = decodeURIComponent(pathname.slice(start + FILES_SEGMENT.length));
  assertValidKey(key);
  return key;
}

function parseTarget(
  request: LocalStorageRequest,
): { key: string; query: URLSearchParams } | LocalStorageResponse {
  try {
    const url = new URL(request.url, 'http://localhost');
    const key = keyFromPath(url.pathname);
    if (key === undefined) return errorResponse(404, 'NOT_FOUND', 'no such file');
    return { key, query: url.searchParams };
  } catch {
    // Bad percent-encoding or a key no signer would have produced (`..`, empty segments, …).
    return errorResponse(400, 'VALIDATION_FAILED', 'malformed file path');
  }
}

/** Headers for serving bytes an uploader chose: never sniffed, never run as a page on our origin. */
function downloadHeaders(size: number, contentType: string | undefined, grant: UrlGrant) {
  const headers: Record<string, string> = {
    'content-type': contentType ?? 'application/octet-stream',
    'content-length': String(size),
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  };
  if (grant.downloadName !== undefined)
    headers['content-disposition'] = attachmentDisposition(grant.downloadName);
  return headers;
}

async function serveGet(storage: LocalObjectStorage, grant: UrlGrant, headOnly: boolean) {
  const opened = await storage.openRead(grant.key);
  if (!opened) return errorResponse(404, 'NOT_FOUND', 'no such file');
  const headers = downloadHeaders(opened.info.size, opened.info.contentType, grant);
  if (headOnly) {
    opened.stream.destroy();
    return { status: 200, headers };
  }
  return { status: 200, headers, body: opened.stream };
}

async function acceptPut(
  storage: LocalObjectStorage,
  grant: UrlGrant,
  request: LocalStorageRequest,
  maxBytes: number,
): Promise<LocalStorageResponse> {
  const sentType = header(request, 'content-type');
  // Same rule as S3 with a signed content-type header: the upload must declare exactly the bound type.
  if (grant.contentType !== undefined && sentType !== grant.contentType) {
    return errorResponse(403, 'FORBIDDEN', `this link only accepts Content-Type ${grant.contentType}`);
  }
  const declared = Number(header(request, 'content-length'));
  if (declared > maxBytes) return tooLarge(maxBytes);
  const body = (request.body ?? emptyBody()) as AsyncIterable<Uint8Array | string>;
  try {
    await storage.putStream(grant.key, body, { contentType: grant.contentType ?? sentType, maxBytes });
  } catch (error) {
    if (error instanceof ObjectTooLargeError) return tooLarge(maxBytes);
    throw error;
  }
  return { status: 200, headers: {} };
}

function tooLarge(maxBytes: number): LocalStorageResponse {
  return errorResponse(413, 'VALIDATION_FAILED', `uploads are limited to ${maxBytes} bytes`);
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

/**
 * Answers one request to a signed URL. Unexpected I/O failures reject, so the caller's framework logs
 * them and answers 500 the way it does everywhere else.
 */
export async function handleLocalStorageRequest(
  storage: LocalObjectStorage,
  request: LocalStorageRequest,
  options: LocalHandlerOptions = {},
): Promise<LocalStorageResponse> {
  const target = parseTarget(request);
  if ('status' in target) return target;
  const check = storage.verifyUrl(target.key, target.query, (options.now ?? Date.now)());
  if (!check.ok) return errorResponse(403, 'FORBIDDEN', check.reason);
  const { grant } = check;
  const method = request.method.toUpperCase();
  if (grant.method === 'GET' && (method === 'GET' || method === 'HEAD')) {
    return serveGet(storage, grant, method === 'HEAD');
  }
  if (grant.method === 'PUT' && method === 'PUT') {
    return acceptPut(storage, grant, request, options.maxPutBytes ?? DEFAULT_MAX_PUT_BYTES);
  }
  return errorResponse(403, 'FORBIDDEN', `this link only allows ${grant.method}`);
}
