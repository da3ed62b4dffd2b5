// The updater never acts silently: nothing is downloaded or installed unless the artist says yes, a
// development run never checks, and the prompts follow the system language (Korean or English).
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { stringsFor } from '../src/main/strings';
import { startUpdater } from '../src/main/updater';

vi.mock('electron', () => ({}));

function fakeUpdater() {
  return Object.assign(new EventEmitter(), {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    checkForUpdates: vi.fn(async () => null),
    downloadUpdate: vi.fn(async () => []),
    quitAndInstall: vi.fn(),
  });
}

function setup(answers: number[], locale = 'en-US', isPackaged = true) {
  const updater = fakeUpdater();
  const dialog = {
    showMessageBox: vi.fn(async () => ({ response: answers.shift() ?? 1, checkboxChecked: false })),
  };
  const started = startUpdater({
    updater: updater as never,
    dialog: dialog as never,
    strings: stringsFor(locale),
    isPackaged,
    window: () => null,
    log: () => {},
  });
  return { updater, dialog, started };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('updates', () => {
  it('are not checked in a development run', () => {
    const { updater, started } = setup([]);
    expect(setup([], 'en', false).started).toBe(false);
    expect(started).toBe(true);
    expect(updater.checkForUpdates).toHaveBeenCalledOnce();
  });

  it('turn off every automatic step', () => {
    const { updater } = setup([]);
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
  });

  it('download only when the artist accepts, and install only after a second yes', async () => {
    const declined = setup([1]);
    declined.updater.emit('update-available', { version: '1.2.0' });
    await settle();
    expect(declined.dialog.showMessageBox).toHaveBeenCalledOnce();
    expect(declined.updater.downloadUpdate).not.toHaveBeenCalled();

    const accepted = setup([0, 1, 0]);
    accepted.updater.emit('update-available', { version: '1.2.0' });
    await settle();
    expect(accepted.updater.downloadUpdate).toHaveBeenCalledOnce();
    accepted.updater.emit('update-downloaded', { version: '1.2.0' });
    await settle();
    expect(accepted.updater.quitAndInstall).not.toHaveBeenCalled();
    accepted.updater.emit('update-downloaded', { version: '1.2.0' });
    await settle();
    expect(accepted.updater.quitAndInstall).toHaveBeenCalledOnce();
  });

  it('ask in Korean when the system speaks Korean', async () => {
    const { updater, dialog } = setup([1], 'ko-KR');
    updater.emit('update-available', { version: '1.2.0' });
    await settle();
    const [box] = dialog.showMessageBox.mock.calls[0] as unknown as [{ message: string; buttons: string[] }];
    expect(box.message).toContain('1.2.0');
    expect(box.buttons).toEqual(['다운로드', '나중에']);
  });
});
