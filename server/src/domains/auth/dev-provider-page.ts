// The development provider's login page: plain HTML, clearly labelled, any name and email accepted.
import { escapeHtml } from '../../http/html';

export function loginPage({ error, name }: { error?: string; name?: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Development sign-in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:420px;margin:4rem auto;padding:0 1rem">
<p style="background:#fff3cd;padding:.5rem 1rem;border-radius:6px"><strong>Development sign-in.</strong>
Google is not configured on this server, so any name and email sign you in. Never enabled in production.</p>
<h1>Sign in</h1>
${error ? `<p role="alert" style="color:#b00020">${escapeHtml(error)}</p>` : ''}
<form method="post">
  <p><label>Name<br><input name="name" autocomplete="name" value="${escapeHtml(name ?? '')}"></label></p>
  <p><label>Email<br><input name="email" type="email" required autocomplete="email"></label></p>
  <p><button type="submit">Continue</button></p>
</form></body></html>`;
}
