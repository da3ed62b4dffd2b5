/**
 * The renderer's Content-Security-Policy: scripts, connections and images from the app's own origin only
 * (the platform is reached through the app's /platform proxy, so no remote origin is ever allowed), no
 * plugins, no framing, no forms posting elsewhere. Inline styles stay allowed for the toast library's
 * injected stylesheet; inline scripts do not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every answer of the app's origin carries. */
export const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;
