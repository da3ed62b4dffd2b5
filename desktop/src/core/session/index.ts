// The studio's platform session: the desktop token's store and sign-in through the system browser.
export { signInThroughBrowser, type SignInOptions } from './sign-in';
export { encryptedTokenStore, memoryTokenStore, type TokenCipher, type TokenStore } from './token-store';
