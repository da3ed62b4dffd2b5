// The browser journeys' harness: the product, a browser, a signed-in person, and what they leave behind.
export { startProduct, type Product } from './product';
export {
  consoleErrors,
  launchBrowser,
  newPage,
  waitForApp,
  type Device,
  type BrowserLocale,
  type PageOptions,
} from './browser';
export { signInInBrowser, SESSION_COOKIE } from './session';
export { screenshot, SCREENSHOTS_DIR, withPage } from './artifacts';
export { completeDevSignIn, payOnDevCheckout, publishImages, publishStyle, uniqueEmail } from './journeys';
