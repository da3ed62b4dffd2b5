// The studio's one window: sandboxed, context-isolated, no Node in the page, the preload as its only
// bridge, loading the app origin; shown once painted so the artist never sees a blank frame.
import { BrowserWindow } from 'electron';
import { APP_URL } from './security';

export interface StudioWindowOptions {
  preload: string;
  /** Checked link opening (navigation guards hand foreign links to it). */
  openLink(url: string): void;
}

/** The web preferences, apart so a test can see that each protection is set. */
export function studioWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export function createStudioWindow(options: StudioWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Style License Studio',
    backgroundColor: '#16161a',
    webPreferences: studioWebPreferences(options.preload),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_URL);
  return window;
}
