/**
 * Where a buyer goes after paying. The tokens page accepts `?returnTo=<path>` from the page that sent the
 * buyer (the generate panel); it is kept in sessionStorage across the trip to the checkout, which returns
 * to `/?purchase=<id>` without it. Only a same-site path is ever followed: an open redirect through our
 * own domain would let a crafted link send buyers to a look-alike site right after paying.
 */
import type { Locale } from '@style-license/shared';
import { isLocale, withLocale } from '../../lib/locale';

const STORAGE_KEY = 'style-license.checkout.returnTo';
const LOCALE_KEY = 'style-license.checkout.locale';

/**
 * The path itself when it is a same-site path (one leading `/`, no `//` or `/\` that browsers read as
 * another host, no backslashes or control characters anywhere, nothing that resolves to another origin),
 * else null.
 */
export function sanitizeReturnTo(value: string | null | undefined): string | null {
  if (!value || value.length > 500) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  // Browsers treat `\` as `/` in URLs, so `/\evil.com` is `//evil.com`; no path of ours needs either.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, 'https://same.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'https://same.invalid') return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Normalising can make a host of a path again (`/a/..//evil.com` is `//evil.com`): check the result too.
  if (path.startsWith('//') || path.includes('\\')) return null;
  return path;
}

/** A sanitised path in the page's language (`/styles/1` or `/en/styles/1` → `/ko/styles/1`). */
export function localizeReturnTo(path: string, locale: Locale): string {
  const cut = path.search(/[?#]/);
  const pathname = cut === -1 ? path : path.slice(0, cut);
  const rest = cut === -1 ? '' : path.slice(cut);
  return `${withLocale(pathname, locale)}${rest}`;
}

/** Which "Back to …" words fit the path: the style page, my images, or anywhere else. */
export function returnToKind(path: string): 'style' | 'images' | 'other' {
  const pathname = path.replace(/^\/(en|ko)(?=\/|$)/, '').split(/[?#]/)[0] ?? '';
  if (/^\/styles\/[^/]+\/?$/.test(pathname)) return 'style';
  if (/^\/images\/?$/.test(pathname)) return 'images';
  return 'other';
}

export function rememberReturnTo(path: string | null): void {
  try {
    if (path) sessionStorage.setItem(STORAGE_KEY, path);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be off (private mode): the buyer still gets the tokens page link.
  }
}

/** The remembered path, sanitised again: storage is writable by anything on the page. */
export function recallReturnTo(): string | null {
  try {
    return sanitizeReturnTo(sessionStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

export function forgetReturnTo(): void {
  rememberReturnTo(null);
}

/**
 * The language the buyer was reading when they left for the checkout. The checkout returns to `/?purchase=`
 * without one, and the root redirect picks the profile's language, which may not be the page's.
 */
export function rememberCheckoutLocale(locale: Locale): void {
  try {
    sessionStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Without storage the return page simply shows in the profile's language.
  }
}

export function recallCheckoutLocale(): Locale | null {
  try {
    const value = sessionStorage.getItem(LOCALE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function forgetCheckoutLocale(): void {
  try {
    sessionStorage.removeItem(LOCALE_KEY);
  } catch {
    // Nothing to forget.
  }
}
