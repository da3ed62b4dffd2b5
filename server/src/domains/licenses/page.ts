/**
 * GET /licenses/:id — the human-readable license page that signed files point to (XMP WebStatement).
 * It shows the license as issued, which is what the file says; a name changed since is shown beside the
 * issued one and marked as the current name, never in its place. It needs no JavaScript (a file's link
 * must open anywhere), looks like the web client (same colours and type), and links to the web client's
 * page for the same license in the visitor's language (Accept-Language).
 */
import type { FastifyInstance } from 'fastify';
import { LOCALES, resources, type Locale } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { escapeHtml } from '../../http/html';
import { verifyLicense, type Verification } from './service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The visitor's language from Accept-Language (`ko-KR,ko;q=0.9,en;q=0.8` → `ko`): the supported one
 * with the highest weight, earlier first on a tie; English when none is supported.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && (LOCALES as readonly string[]).includes(entry.base ?? ''))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.base as Locale | undefined) ?? 'en';
}

/** An issued name, with today's beside it when it differs. */
const named = (issued: string, current: string) =>
  `<strong>“${escapeHtml(issued)}”</strong>` +
  (current === issued ? '' : ` <small>(current name: “${escapeHtml(current)}”)</small>`);

function licenseHtml(license: Extract<Verification, { genuine: true }>): string {
  const { current } = license;
  const version = license.styleVersion === null ? '' : `, version ${license.styleVersion}`;
  return `<h1><span class="mark ok" aria-hidden="true">✓</span>Genuine Style License</h1>
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
<p>File SHA-256: <code>${license.fileSha256}</code>. Verification by file finds this license from this file,
and from an edited copy (re-encoded, resized or cropped) by the invisible license mark in the image; the content
credentials (C2PA) signed by Style License name it too, and a modified copy is still covered by this license.</p>`;
}

// The web client's look (Tailwind's stone neutrals, violet accent, its system font stack), inline: this
// page has no build step and must stand alone.
const STYLE = `*{box-sizing:border-box}
body{margin:0;background:#fafaf9;color:#1c1917;line-height:1.6;font-family:ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,'Apple SD Gothic Neo','Noto Sans KR','NanumGothic','Malgun Gothic',sans-serif}
:lang(ko){word-break:keep-all;overflow-wrap:anywhere}
header{background:#fff;border-bottom:1px solid #e7e5e4}
header div,main{max-width:720px;margin:0 auto;padding:0 1rem}
header div{display:flex;align-items:center;justify-content:space-between;gap:1rem;height:4rem}
.brand{display:flex;align-items:center;gap:.5rem;font-weight:600;color:#1c1917;text-decoration:none}
.brand span{width:1.75rem;height:1.75rem;border-radius:.5rem;background:linear-gradient(to bottom right,#7c3aed,#f43f5e)}
.open{display:inline-flex;align-items:center;height:2.5rem;padding:0 1rem;border-radius:.5rem;background:#6d28d9;color:#fff;font-size:.875rem;font-weight:500;text-decoration:none;white-space:nowrap}
.open:hover{background:#5b21b6}
a:focus-visible{outline:2px solid #7c3aed;outline-offset:2px}
main{padding-top:2rem;padding-bottom:3rem}
article{background:#fff;border:1px solid #e7e5e4;border-radius:.75rem;padding:1.5rem}
h1{display:flex;align-items:center;gap:.75rem;margin:0 0 1rem;font-size:1.75rem;line-height:1.2;letter-spacing:-.01em}
h2{margin:1.75rem 0 .5rem;font-size:1.125rem}
.mark{display:inline-flex;flex:none;align-items:center;justify-content:center;width:2rem;height:2rem;border-radius:999px;color:#fff;font-size:1rem}
.ok{background:#059669}.bad{background:#dc2626}
dl{display:grid;grid-template-columns:8rem 1fr;gap:.75rem 1rem;margin:1.25rem 0;padding:1rem 0;border-top:1px solid #f5f5f4;border-bottom:1px solid #f5f5f4}
dt{color:#57534e;font-size:.875rem;font-weight:500}dd{margin:0;min-width:0}
small{display:inline-block;border-radius:999px;background:#fef3c7;color:#78350f;padding:0 .5rem;font-size:.75rem;font-weight:500}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.8125rem;word-break:break-all;color:#44403c}
a{color:#6d28d9}p{margin:.75rem 0}
p[lang]{color:#292524}
@media (max-width:480px){dl{grid-template-columns:1fr;gap:.25rem}dd{margin-bottom:.5rem}h1{font-size:1.4rem}article{padding:1rem}}`;

function document(locale: Locale, licenseId: string | null, body: string): string {
  const open = licenseId
    ? `<a class="open" lang="${locale}" href="/${locale}/licenses/${licenseId}">${escapeHtml(resources[locale].license.openInApp)}</a>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Style License</title><style>${STYLE}</style></head>
<body><header><div><a class="brand" href="/${locale}"><span aria-hidden="true"></span>Style License</a>${open}</div></header>
<main><article>${body}</article></main></body></html>`;
}

export function registerLicensePage(
  app: FastifyInstance,
  deps: Pick<ServerDeps, 'database' | 'config' | 'logger'>,
): void {
  app.get('/licenses/:licenseId', async (request, reply) => {
    const { licenseId } = request.params as { licenseId: string };
    const locale = localeFromAcceptLanguage(request.headers['accept-language']);
    const result = UUID.test(licenseId)
      ? await verifyLicense(deps, { licenseId })
      : ({ genuine: false, reason: 'Not a license id.' } as const);
    const body = result.genuine
      ? licenseHtml(result)
      : `<h1><span class="mark bad" aria-hidden="true">✕</span>Not a valid license</h1><p>${escapeHtml(result.reason)}</p>`;
    return (
      reply
        .code(result.genuine ? 200 : 404)
        .type('text/html; charset=utf-8')
        // The app's page of the same license, in the visitor's language: only for an id that is one.
        .header('vary', 'Accept-Language')
        .send(document(locale, result.genuine ? result.licenseId : null, body))
    );
  });
}
