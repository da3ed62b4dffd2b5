/**
 * A minimal browser for flow tests over real HTTP: follows redirects one hop at a time (so tests can
 * see and tamper with each), keeps cookies with their path, flags and expiry, and sends them back only
 * where a browser would.
 */
import { request as httpRequest } from 'node:http';

export interface StoredCookie {
  name: string;
  value: string;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: string | undefined;
  maxAge: number | undefined;
}

export interface Hop {
  status: number;
  location: string | undefined;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  url: string;
}

export function parseSetCookie(header: string): StoredCookie {
  const [pair, ...attributes] = header.split(';').map((p) => p.trim());
  const eq = pair!.indexOf('=');
  const attr = new Map(
    attributes.map((a) => {
      const i = a.indexOf('=');
      return i === -1 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
    }),
  );
  return {
    name: pair!.slice(0, eq),
    value: pair!.slice(eq + 1),
    path: attr.get('path') ?? '/',
    httpOnly: attr.has('httponly'),
    secure: attr.has('secure'),
    sameSite: attr.get('samesite'),
    maxAge: attr.has('max-age') ? Number(attr.get('max-age')) : undefined,
  };
}

export class Browser {
  readonly cookies = new Map<string, StoredCookie>();
  /** Source address for requests, to act as different clients on the loopback range. */
  constructor(private readonly localAddress = '127.0.0.1') {}

  cookieHeader(path: string): string {
    return [...this.cookies.values()]
      .filter((c) => path.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  async request(
    url: string,
    options: {
      method?: string;
      form?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Hop> {
    const target = new URL(url);
    const body = options.form
      ? new URLSearchParams(options.form).toString()
      : options.json !== undefined
        ? JSON.stringify(options.json)
        : undefined;
    const headers: Record<string, string> = { ...options.headers };
    const cookie = this.cookieHeader(target.pathname);
    if (cookie) headers.cookie = cookie;
    if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const hop = await new Promise<Hop>((resolve, reject) => {
      const req = httpRequest(
        target,
        { method: options.method ?? (body ? 'POST' : 'GET'), headers, localAddress: this.localAddress },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              location: res.headers.location ? new URL(res.headers.location, target).href : undefined,
              body: text,
              headers: res.headers,
              url: target.href,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    for (const header of ([] as string[]).concat(hop.headers['set-cookie'] ?? [])) {
      const cookie = parseSetCookie(header);
      if (cookie.maxAge !== undefined && cookie.maxAge <= 0) this.cookies.delete(cookie.name);
      else if (cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie);
    }
    return hop;
  }

  /** Follows redirects until a non-redirect answer or `stopAt` matches the next location. */
  async follow(url: string, stopAt?: (location: string) => boolean): Promise<Hop> {
    let hop = await this.request(url);
    for (let i = 0; i < 10 && hop.location && hop.status >= 300 && hop.status < 400; i++) {
      if (stopAt?.(hop.location)) return hop;
      hop = await this.request(hop.location);
    }
    return hop;
  }
}
