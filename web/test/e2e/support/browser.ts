/**
 * Debian's Chromium driven by playwright-core (no downloaded browsers), and pages shaped like the two
 * screens the client is designed for, in either of its languages.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export type Device = 'desktop' | 'phone';
export type BrowserLocale = 'en-US' | 'ko-KR';
export interface PageOptions {
  device?: Device;
  locale?: BrowserLocale;
}

const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

// No sandbox: tests run as root in containers, where Chromium's sandbox cannot start. The rest keep a
// run quiet and offline: no GPU process, no QUIC, and none of the browser's own background traffic.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's chromium (npm test does, as root) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath, headless: true, args: ARGS });
}

const problems = new WeakMap<Page, string[]>();

/**
 * Known defect, not the client's: the development sign-in page's CSP (server/src/domains/auth/
 * dev-provider-server.ts) lists `http://[::1]:*` in form-action, which Chromium rejects as an invalid
 * source and reports on the console (the rest of the policy still applies). Ignored on that page only,
 * until the policy is fixed; then delete this.
 */
const isKnownDevProviderCspWarning = (text: string, url: string) =>
  url.includes('/dev-idp/') && text.includes("directive 'form-action' contains an invalid source");

/**
 * A page in a context of its own (own cookies), whose `locale` sets both Accept-Language and
 * navigator.language. Close it with `page.context().close()`, or use `withPage`.
 */
export async function newPage(
  browser: Browser,
  { device = 'desktop', locale = 'en-US' }: PageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ ...DEVICES[device], locale });
  const page = await context.newPage();
  const seen: string[] = [];
  problems.set(page, seen);
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    if (!isKnownDevProviderCspWarning(message.text(), url)) seen.push(`console: ${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => seen.push(`uncaught: ${error.stack ?? error.message}`));
  return page;
}

/** The console errors and uncaught exceptions the page has had so far (a journey expects none). */
export function consoleErrors(page: Page): string[] {
  return [...(problems.get(page) ?? [])];
}

/** Waits until the client has rendered into its root element (index.html ships it empty). */
export async function waitForApp(page: Page): Promise<void> {
  await page.waitForFunction(() => (document.querySelector('#root')?.childElementCount ?? 0) > 0);
}
