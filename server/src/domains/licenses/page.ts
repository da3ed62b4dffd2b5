/**
 * GET /licenses/:id — the human-readable license page that signed files point to (XMP WebStatement).
 * It shows the license as issued, which is what the file says; a name changed since is shown beside the
 * issued one and marked as the current name, never in its place.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../../deps';
import { verifyLicense, type Verification } from './service';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An issued name, with today's beside it when it differs. */
const named = (issued: string, current: string) =>
  `<strong>“${escapeHtml(issued)}”</strong>` +
  (current === issued ? '' : ` <small>(current name: “${escapeHtml(current)}”)</small>`);

function licenseHtml(license: Extract<Verification, { genuine: true }>): string {
  const { current } = license;
  const version = license.styleVersion === null ? '' : `, version ${license.styleVersion}`;
  return `<h1>Genuine Style License</h1>
<p>License <code>${license.licenseId}</code>, issued ${escapeHtml(license.issuedAt)} under Style License terms
v${license.termsVersion}. ${
    license.termsVersion === 1
      ? 'It was issued before licenses recorded names: the names below are those recorded when it was, or when licenses began recording them, and may differ from those in the file.'
      : 'The names below are those it was issued with, as written into the file.'
  }</p>
<dl>
<dt>Licensee</dt><dd>${named(license.licenseeName, current.licenseeName)}, user <code>${license.licenseeId}</code></dd>
<dt>Artist</dt><dd>${named(license.artistName, current.artistName)}, artist <code>${license.artistId}</code>,
<a href="${escapeHtml(license.artistUrl)}">profile</a></dd>
<dt>Style</dt><dd>${named(license.styleName, current.styleName)}, style <code>${license.styleId}</code>${version}</dd>
</dl>
<h2>Terms</h2>
<p lang="en">${escapeHtml(license.terms)}</p>${license.termsKo ? `\n<p lang="ko">${escapeHtml(license.termsKo)}</p>` : ''}
<p>File SHA-256: <code>${license.fileSha256}</code>. Verification by file matches only this unmodified file;
a modified copy is still covered by this license, identified by its id.</p>`;
}

export function registerLicensePage(
  app: FastifyInstance,
  deps: Pick<ServerDeps, 'database' | 'config'>,
): void {
  app.get('/licenses/:licenseId', async (request, reply) => {
    const { licenseId } = request.params as { licenseId: string };
    const result = UUID.test(licenseId)
      ? await verifyLicense(deps.database.db, deps.config.PUBLIC_URL, { licenseId })
      : ({ genuine: false, reason: 'Not a license id.' } as const);
    const body = result.genuine
      ? licenseHtml(result)
      : `<h1>Not a valid license</h1><p>${escapeHtml(result.reason)}</p>`;
    return reply.code(result.genuine ? 200 : 404).type('text/html; charset=utf-8')
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Style License</title></head>
<body style="font-family:system-ui,sans-serif;max-width:640px;margin:3rem auto;padding:0 1rem">${body}</body></html>`);
  });
}
