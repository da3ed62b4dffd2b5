// Signing in through the development OpenID provider's login page, for flow tests over real HTTP.
import { expect } from 'vitest';
import type { Browser } from './browser';
import type { startTestServer } from './support';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** Signs in through the development provider's login page like a person would. */
export async function signInThroughDevProvider(
  server: Server,
  browser: Browser,
  who = { name: 'Mina Park', email: 'mina@example.test' },
) {
  const login = await browser.follow(`${server.base}/auth/signin?returnTo=/studio`);
  expect(login.status).toBe(200);
  expect(login.body).toContain('Development sign-in');
  const submitted = await browser.request(login.url, { form: who });
  expect(submitted.status).toBe(303);
  // Stop at our own callback so the test can look at (and replay) it.
  return browser.follow(submitted.location!, (location) =>
    location.startsWith(`${server.base}/auth/callback`),
  );
}
