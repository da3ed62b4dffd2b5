// GET /licenses/:id — the human-readable license page that signed files point to (XMP WebStatement).
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../../deps';
import { verifyLicense } from './service';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerLicensePage(app: FastifyInstance, deps: Pick<ServerDeps, 'database'>): void {
  app.get('/licenses/:licenseId', async (request, reply) => {
    const { licenseId } = request.params as { licenseId: string };
    const result = UUID.test(licenseId)
      ? await verifyLicense(deps.database.db, { licenseId })
      : ({ genuine: false, reason: 'Not a license id.' } as const);
    const body = result.genuine
      ? `<h1>Genuine Style License</h1>
<p>Licensed to <strong>${escapeHtml(result.licenseeName)}</strong> for an image in the style
“${escapeHtml(result.styleName)}” by <strong>${escapeHtml(result.artistName)}</strong>, issued ${escapeHtml(result.issuedAt)}.</p>
<p>${escapeHtml(result.terms)}</p>
<p>File SHA-256: <code>${result.fileSha256}</code> — only the unmodified file matches.</p>`
      : `<h1>Not a valid license</h1><p>${escapeHtml(result.reason)}</p>`;
    return reply.code(result.genuine ? 200 : 404).type('text/html; charset=utf-8')
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Style License</title></head>
<body style="font-family:system-ui,sans-serif;max-width:640px;margin:3rem auto;padding:0 1rem">${body}</body></html>`);
  });
}
