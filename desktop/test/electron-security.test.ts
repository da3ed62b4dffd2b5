// The window's protections with fake Electron objects: navigation stays on the app origin, new windows
// are denied, links leave only through the checked opener, permissions are denied, the window is sandboxed.
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const windows: { options: unknown; loaded: string[]; shown: number; emit(event: string): void }[] = [];
  class BrowserWindow {
    readonly listeners = new Map<string, () => void>();
    readonly record: (typeof windows)[number];
    constructor(options: unknown) {
      this.record = { options, loaded: [], shown: 0, emit: (event) => this.listeners.get(event)?.() };
      windows.push(this.record);
    }
    once(event: string, listener: () => void) {
      this.listeners.set(event, listener);
    }
    show() {
      this.record.shown++;
    }
    async loadURL(url: string) {
      this.record.loaded.push(url);
    }
  }
  return { BrowserWindow, windows };
});
vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow }));

import {
  checkExternalUrl,
  installNavigationGuards,
  installPermissionPolicy,
  isAppUrl,
  isPermissionAllowed,
  isTrustedSender,
  openExternalChecked,
} from '../src/main/security';
import { createStudioWindow } from '../src/main/window';

const PLATFORM = 'https://stylelicense.example';

/** A fake webContents: an event emitter that records its window-open handler. */
function fakeContents() {
  const contents = new EventEmitter() as EventEmitter & {
    openHandler?: (details: { url: string }) => { action: string };
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void;
  };
  contents.setWindowOpenHandler = (handler) => (contents.openHandler = handler);
  return contents;
}

/** Emits a navigation-like event; true if a listener prevented it. */
function navigate(contents: EventEmitter, event: string, url: string) {
  let prevented = false;
  contents.emit(event, { url, preventDefault: () => (prevented = true) });
  return prevented;
}

describe('the app origin', () => {
  it('is studio://app and nothing that merely looks like it', () => {
    expect(isAppUrl('studio://app/')).toBe(true);
    expect(isAppUrl('studio://app/assets/index-abc.js?x=1#y')).toBe(true);
    for (const url of [
      'studio://evil/',
      'studio://app.evil/',
      'studio://user@app/',
      'studio://app:8080/',
      'https://app/',
      'file:///app/',
      'not a url',
    ])
      expect(isAppUrl(url), url).toBe(false);
  });
});

describe('the IPC sender check', () => {
  const mainFrame = { url: 'studio://app/', parent: null, processId: 2, routingId: 1 };
  const webContents = { mainFrame };
  const window = { isDestroyed: () => false, webContents } as never;
  const check = (senderFrame: unknown, sender: unknown = webContents, win = window) =>
    isTrustedSender({ sender, senderFrame } as never, win);

  it('trusts only our window’s main frame on the app origin', () => {
    expect(check(mainFrame)).toBe(true);
    expect(check({ ...mainFrame, url: 'https://evil.example/' })).toBe(false);
    expect(check({ ...mainFrame, url: 'studio://evil/' })).toBe(false);
    // Each frame check on its own: a subframe even if it claimed the main frame's ids, and the reverse.
    expect(check({ ...mainFrame, parent: mainFrame })).toBe(false);
    expect(check({ ...mainFrame, routingId: 9 })).toBe(false);
    expect(check(null)).toBe(false);
    expect(check(mainFrame, { mainFrame })).toBe(false);
    expect(check(mainFrame, webContents, null as never)).toBe(false);
    expect(check(mainFrame, webContents, { isDestroyed: () => true, webContents } as never)).toBe(false);
  });
});

describe('navigation guards', () => {
  let contents: ReturnType<typeof fakeContents>;
  const openLink = vi.fn();
  beforeEach(() => {
    openLink.mockClear();
    contents = fakeContents();
    installNavigationGuards(contents as never, openLink);
  });

  it('keeps in-app navigation and stops every other', () => {
    expect(navigate(contents, 'will-navigate', 'studio://app/library')).toBe(false);
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, 'will-redirect', 'studio://app/')).toBe(false);
    expect(navigate(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
  });

  it('never attaches a webview, even one pointing at the app', () => {
    expect(navigate(contents, 'will-attach-webview', 'studio://app/')).toBe(true);
  });

  it('denies window.open and hands the URL to the checked opener instead', () => {
    expect(contents.openHandler!({ url: `${PLATFORM}/styles/1` })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openLink.mock.calls).toEqual([[`${PLATFORM}/styles/1`], ['https://evil.example/']]);
  });

  it('sends a link the page follows to the checked opener, not into the window', () => {
    expect(navigate(contents, 'will-navigate', `${PLATFORM}/pricing`)).toBe(true);
    expect(openLink).toHaveBeenCalledWith(`${PLATFORM}/pricing`);
  });
});

describe('opening links outside', () => {
  const shell = { openExternal: vi.fn(async () => {}) };
  beforeEach(() => shell.openExternal.mockClear());

  it('opens the platform’s own https pages', async () => {
    expect(await openExternalChecked(shell, `${PLATFORM}/auth/desktop/start?state=1`, PLATFORM)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith(`${PLATFORM}/auth/desktop/start?state=1`);
  });

  it('refuses javascript:, file:, other origins, credentials, and plain http to a real platform', async () => {
    const refused = [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://evil.example/',
      'https://stylelicense.example.evil.example/',
      'https://stylelicense.example:8443/',
      'https://user:pass@stylelicense.example/',
      'https://user@stylelicense.example/',
      'http://stylelicense.example/',
      'data:text/html,hi',
      'smb://stylelicense.example/share',
      'not a url',
    ];
    for (const url of refused) {
      expect(checkExternalUrl(url, PLATFORM), url).toBeNull();
      expect(await openExternalChecked(shell, url, PLATFORM), url).toBe(false);
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('allows http only for a development platform on a loopback host', () => {
    expect(
      checkExternalUrl('http://127.0.0.1:3000/auth/desktop/start', 'http://127.0.0.1:3000'),
    ).not.toBeNull();
    expect(checkExternalUrl('http://127.0.0.1:4000/', 'http://127.0.0.1:3000')).toBeNull();
    expect(checkExternalUrl('http://platform.example/', 'http://platform.example')).toBeNull();
  });
});

describe('permissions', () => {
  it('denies camera, microphone, notifications, geolocation… to every page; the app may only write the clipboard', () => {
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'hid',
      'fullscreen',
    ])
      expect(isPermissionAllowed(permission, 'studio://app/'), permission).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'studio://app/')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });

  it('installs both the request and the check handler on the session', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    installPermissionPolicy(session as never);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0];
    const check = session.setPermissionCheckHandler.mock.calls[0]![0];
    const answers: boolean[] = [];
    const contents = { getURL: () => 'studio://app/' };
    request(contents, 'media', (granted: boolean) => answers.push(granted), {
      requestingUrl: 'studio://app/',
    });
    request(contents, 'notifications', (granted: boolean) => answers.push(granted), {});
    expect(answers).toEqual([false, false]);
    expect(check(contents, 'media', 'studio://app', {})).toBe(false);
    expect(check(contents, 'clipboard-sanitized-write', 'studio://app', {})).toBe(true);
  });
});

describe('the window', () => {
  it('is sandboxed and isolated, loads the app origin, and shows only when painted', () => {
    createStudioWindow({ preload: '/app/dist/preload/index.cjs', openLink: () => {} });
    const window = electron.windows.at(-1)!;
    expect(window.options).toMatchObject({
      show: false,
      webPreferences: {
        preload: '/app/dist/preload/index.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        webviewTag: false,
      },
    });
    expect(window.loaded).toEqual(['studio://app/']);
    expect(window.shown).toBe(0);
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
  });
});
