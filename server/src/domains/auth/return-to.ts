/**
 * Where a browser is sent after signing in: a path on this site, or `/`. The value is resolved against
 * PUBLIC_URL as a browser would resolve the Location header, and kept only when every browser reads it
 * the same way: browsers drop tabs and newlines (`/\t/evil.example` becomes `//evil.example`) and read
 * `\` as `/`, so those are refused outright, and a result that starts with `//` (protocol-relative, as
 * `/.//evil` resolves) or leaves our origin is never sent.
 */

export const RETURN_TO_MAX_LENGTH = 500;
const FALLBACK = '/';
// eslint-disable-next-line no-control-regex -- control characters are exactly what this must find
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;
/** The same, and `/`, percent-encoded in the path: harmless here, not to a client that decodes it. */
const ENCODED_SEPARATOR_OR_CONTROL = /%(?:[01][0-9a-f]|7f|2f|5c)/i;

export function safeReturnPath(value: unknown, publicUrl: string): string {
  if (typeof value !== 'string' || value.length > RETURN_TO_MAX_LENGTH) return FALLBACK;
  if (!value.startsWith('/') || value.startsWith('//')) return FALLBACK;
  if (CONTROL_OR_BACKSLASH.test(value)) return FALLBACK;
  if (ENCODED_SEPARATOR_OR_CONTROL.test(value.split(/[?#]/, 1)[0]!)) return FALLBACK;
  const site = new URL(publicUrl);
  let target: URL;
  try {
    target = new URL(value, site);
  } catch {
    return FALLBACK;
  }
  if (target.origin !== site.origin) return FALLBACK;
  // The serialised form: dot segments resolved and anything unusual percent-encoded, so the header
  // is plain ASCII and says exactly what was checked.
  const path = `${target.pathname}${target.search}${target.hash}`;
  return path.startsWith('//') ? FALLBACK : path;
}
