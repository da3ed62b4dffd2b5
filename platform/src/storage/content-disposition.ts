/**
 * Builds the `Content-Disposition: attachment` header both stores attach to signed downloads.
 * The header is always plain ASCII: non-ASCII names travel in RFC 5987 `filename*`, with a safe fallback.
 */

/** RFC 5987 attr-char allows a little more than encodeURIComponent leaves alone; these must be escaped. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Old clients read only `filename`: keep printable ASCII, and nothing that could break the quoting. */
function asciiFallback(name: string): string {
  const safe = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return safe.trim() === '' ? 'download' : safe;
}

/** Strips path parts and control characters so a name can never point outside the download folder. */
export function sanitizeDownloadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\x00-\x1f\x7f]/g, '').trim();
  return clean === '' || clean === '.' || clean === '..' ? 'download' : clean;
}

export function attachmentDisposition(downloadName: string): string {
  const name = sanitizeDownloadName(downloadName);
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
