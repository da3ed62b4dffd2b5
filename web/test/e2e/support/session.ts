/**
 * Signing in as a person does: through the development OpenID provider's page (the server runs it
 * whenever Google is not configured), by the same redirects and cookies as a Google sign-in.
 */
import type { Page } from 'playwright-core';

export const SESSION_COOKIE = 'sl_session';

/**
 * Opens `/auth/signin?returnTo=…`, fills the "Development sign-in" form and waits to land back on
 * `returnTo` (a path on this site) holding the session cookie. The same email is always the same user.
 */
export async function signInInBrowser(
  page: Page,
  base: string,
  who: { name: string; email: string },
  returnTo = '/',
): Promise<void> {
  await page.goto(`${base}/auth/signin?returnTo=${encodeURIComponent(returnTo)}`);
  if ((await page.title()) !== 'Development sign-in') {
    throw new Error(`expected the development sign-in page, got "${await page.title()}" at ${page.url()}`);
  }
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  const landing = new URL(returnTo, base).href;
  await Promise.all([
    page.waitForURL((url) => url.href === landing),
    page.getByRole('button', { name: 'Continue' }).click(),
  ]);
  const cookies = await page.context().cookies(base);
  if (!cookies.some((cookie) => cookie.name === SESSION_COOKIE)) {
    throw new Error(`signed in, but the browser holds no ${SESSION_COOKIE} cookie for ${base}`);
  }
}
