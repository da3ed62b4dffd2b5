// Main's services for the core with a fake safeStorage: the token file is encrypted on disk and read
// back; without a keychain nothing reaches the disk; links are checked; the folder dialog is native.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMainServices } from '../src/main/services';

vi.mock('electron', () => ({}));

const TOKEN = 'sld_0123456789abcdefghijklmnopqrstuvwxyz';

/** A stand-in for safeStorage: reversible, but the bytes on disk are not the token. */
function fakeCipher(available: boolean) {
  const mask = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: vi.fn((plain: string) => Buffer.concat([Buffer.from('v10'), mask(Buffer.from(plain))])),
    decryptString: vi.fn((encrypted: Buffer) => {
      if (!encrypted.subarray(0, 3).equals(Buffer.from('v10'))) throw new Error('not ours');
      return mask(encrypted.subarray(3)).toString('utf8');
    }),
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'electron-token-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function services(
  folder: string,
  available: boolean,
  overrides: Partial<Parameters<typeof createMainServices>[0]> = {},
) {
  const cipher = fakeCipher(available);
  const shell = { openExternal: vi.fn(async () => {}) };
  const dialog = { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/art/new'] })) };
  const made = createMainServices({
    tokenFile: join(folder, 'session.token'),
    safeStorage: cipher,
    shell,
    dialog: dialog as never,
    platformUrl: 'https://stylelicense.example',
    window: () => null,
    ...overrides,
  });
  return { made, cipher, shell, dialog };
}

describe('the session token in main', () => {
  it('is encrypted on disk and read back', async () => {
    const folder = join(dir, 'keychain');
    const { made, cipher } = services(folder, true);
    await made.writeToken({ token: TOKEN });
    const bytes = await readFile(join(folder, 'session.token'));
    expect(cipher.encryptString).toHaveBeenCalledWith(TOKEN);
    expect(bytes.includes(Buffer.from(TOKEN))).toBe(false);
    expect(bytes.toString('latin1')).not.toContain(TOKEN.slice(4, 20));
    expect(await made.readToken(null)).toBe(TOKEN);
    // A new run (a new store over the same file) reads it too.
    expect(await services(folder, true).made.readToken(null)).toBe(TOKEN);
    await made.writeToken({ token: null });
    expect(await readdir(folder)).toEqual([]);
    expect(await made.readToken(null)).toBeNull();
  });

  it('writes nothing to disk when encryption is unavailable, and keeps the token for this run only', async () => {
    const folder = join(dir, 'no-keychain');
    const { made, cipher } = services(folder, false);
    await made.writeToken({ token: TOKEN });
    expect(await readdir(folder).catch(() => [])).toEqual([]);
    expect(cipher.encryptString).not.toHaveBeenCalled();
    expect(await made.readToken(null)).toBe(TOKEN);
    expect(await services(folder, false).made.readToken(null)).toBeNull();
  });

  it('reads a file it cannot decrypt as signed out', async () => {
    const folder = join(dir, 'foreign');
    await services(folder, true).made.writeToken({ token: TOKEN });
    const other = services(folder, true);
    other.cipher.decryptString.mockImplementation(() => {
      throw new Error('another keychain');
    });
    expect(await other.made.readToken(null)).toBeNull();
  });
});

describe('what else the core asks of main', () => {
  it('opens only the platform’s pages, refusing the rest with FORBIDDEN', async () => {
    const { made, shell } = services(join(dir, 'links'), true);
    await made.openExternal({ url: 'https://stylelicense.example/auth/desktop/start?state=s' });
    expect(shell.openExternal).toHaveBeenCalledWith(
      'https://stylelicense.example/auth/desktop/start?state=s',
    );
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://evil.example/',
      'https://a:b@stylelicense.example/',
    ])
      await expect(made.openExternal({ url }), url).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(shell.openExternal).toHaveBeenCalledOnce();
  });

  it('asks for a folder with the native dialog, null when cancelled', async () => {
    const { made, dialog } = services(join(dir, 'dialog'), true);
    expect(await made.pickFolder(null)).toBe('/art/new');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith({ properties: ['openDirectory'] });
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await made.pickFolder(null)).toBeNull();
  });
});
