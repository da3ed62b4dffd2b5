/**
 * The app's own origin as one Fetch handler, served by Electron's custom protocol (`protocol.handle`) and
 * by the test host alike: the renderer's files with the CSP, catalog media by image id (never by path, so
 * no request can name a file outside the library), and /platform/*, a proxy that adds the desktop token,
 * so the token never enters the renderer and the CSP needs no remote origin.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '@style-license/shared';
import type { Studio } from '../studio';
import { SECURITY_HEADERS } from './content-policy';

export interface AppHandlerOptions {
  studio: Studio;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** Changes index.html as served (the test host adds its HTTP bridge script). */
  transformIndex?: (html: string) => string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};
const IMAGE_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
/** Request headers the platform proxy passes on; cookies and the renderer's origin never leave. */
const FORWARDED = ['accept', 'accept-language', 'content-type', 'trpc-accept', 'x-style-license-csrf'];
const PASSED_BACK = ['content-type', 'cache-control', 'etag', 'retry-after', 'last-modified'];

const text = (status: number, body: string) =>
  new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
  });

export function createAppHandler(options: AppHandlerOptions): (request: Request) => Promise<Response> {
  const { studio } = options;
  const rendererDir = resolve(options.rendererDir);
  const platform = new URL(studio.options.platformUrl);
  const doFetch = studio.options.fetch ?? fetch;

  async function image(id: string) {
    const [found] = id.length <= 100 ? await studio.catalog.get([id]) : [];
    return found ?? null;
  }

  async function thumbnail(request: Request, id: string, url: URL) {
    const size = Number(url.searchParams.get('size') ?? 256);
    const record = await image(id);
    if (!record || !Number.isInteger(size) || size < 32 || size > 1024) return text(404, 'No such thumbnail');
    const etag = `"${record.sha256.slice(0, 32)}-${size}"`;
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304 });
    try {
      const file = await studio.thumbnails.getThumbnail(
        { path: record.path, sha256: record.sha256, size },
        { signal: request.signal },
      );
      return new Response(new Uint8Array(await readFile(file)), {
        headers: { ...SECURITY_HEADERS, 'content-type': 'image/webp', 'cache-control': 'no-cache', etag },
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') return text(503, 'Busy');
      return text(404, 'This picture cannot be shown');
    }
  }

  async function original(id: string) {
    const record = await image(id);
    if (!record?.format) return text(404, 'No such image');
    const info = await stat(record.path).catch(() => null);
    if (!info?.isFile()) return text(404, 'The file is gone');
    const body = Readable.toWeb(createReadStream(record.path)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        ...SECURITY_HEADERS,
        'content-type': IMAGE_TYPES[record.format],
        'content-length': String(info.size),
        'cache-control': 'no-cache',
      },
    });
  }

  async function proxy(request: Request, url: URL) {
    const target = new URL(url.pathname.slice('/platform'.length) + url.search, platform);
    const headers = new Headers();
    for (const name of FORWARDED) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    const token = await studio.token();
    if (token) headers.set('authorization', `Bearer ${token}`);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    let answer: Response;
    try {
      answer = await doFetch(target, {
        method: request.method,
        headers,
        body: hasBody ? await request.arrayBuffer() : undefined,
        redirect: 'manual',
        signal: request.signal,
      });
    } catch {
      return text(503, 'The platform cannot be reached');
    }
    const back = new Headers(SECURITY_HEADERS);
    for (const name of PASSED_BACK) {
      const value = answer.headers.get(name);
      if (value !== null) back.set(name, value);
    }
    return new Response(answer.body, { status: answer.status, headers: back });
  }

  async function asset(url: URL) {
    const path = decodeURIComponent(url.pathname);
    const wanted = extname(path) === '' ? 'index.html' : normalize(path).replace(/^([/\\])+/, '');
    const file = join(rendererDir, wanted);
    if (!file.startsWith(rendererDir + sep)) return text(404, 'Not found');
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) return text(404, 'Not found');
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const body =
      wanted === 'index.html' && options.transformIndex
        ? options.transformIndex(bytes.toString('utf8'))
        : bytes;
    return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
      headers: {
        ...SECURITY_HEADERS,
        'content-type': type,
        // Built assets carry a content hash in their names; the page itself is always asked again.
        'cache-control': wanted.startsWith('assets/') ? 'max-age=31536000, immutable' : 'no-cache',
      },
    });
  }

  return async (request) => {
    const url = new URL(request.url);
    try {
      const media = /^\/media\/(thumbnail|original)\/([^/]+)$/.exec(url.pathname);
      if (media) {
        if (request.method !== 'GET') return text(405, 'Method not allowed');
        const id = decodeURIComponent(media[2]!).toLowerCase();
        return media[1] === 'thumbnail' ? await thumbnail(request, id, url) : await original(id);
      }
      if (url.pathname.startsWith('/platform/')) return await proxy(request, url);
      if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed');
      return await asset(url);
    } catch {
      return text(500, 'The studio could not answer');
    }
  };
}
