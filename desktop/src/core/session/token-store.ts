/**
 * Where the desktop session token lives between runs. In the app it is a file encrypted by the operating
 * system's keychain (Electron's safeStorage, passed in as the cipher); the core never writes it in clear
 * unless told to by a host without a keychain (the test host keeps it in memory instead).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface TokenStore {
  read(): Promise<string | null>;
  /** null forgets the token. */
  write(token: string | null): Promise<void>;
}

/** The part of Electron's safeStorage the store needs. */
export interface TokenCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function memoryTokenStore(initial: string | null = null): TokenStore {
  let token = initial;
  return {
    read: async () => token,
    write: async (next) => {
      token = next;
    },
  };
}

/**
 * A token file encrypted with `cipher`. Without encryption (a Linux desktop with no keyring) the token is
 * kept for this run only: a clear-text token on disk would outlive the app's own protection.
 */
export function encryptedTokenStore(file: string, cipher: TokenCipher): TokenStore {
  let unprotected: string | null = null;
  return {
    async read() {
      if (!cipher.isEncryptionAvailable()) return unprotected;
      const bytes = await readFile(file).catch(() => null);
      if (!bytes) return null;
      try {
        return cipher.decryptString(bytes);
      } catch {
        return null; // written under another OS account or keychain: sign in again
      }
    },
    async write(token) {
      if (!cipher.isEncryptionAvailable()) {
        unprotected = token;
        return;
      }
      if (token === null) return rm(file, { force: true });
      await mkdir(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, cipher.encryptString(token), { mode: 0o600 });
      await rename(temp, file);
    },
  };
}
