// The preload with a fake contextBridge and ipcRenderer: `window.studio` is exactly the named operations
// plus onEvent, each on its own channel, and an event listener gets the payload, never the IPC event.
import type { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { channelOf, STUDIO_EVENT_CHANNEL, STUDIO_OPERATIONS } from '../src/bridge/studio-api';

const electron = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const exposed = new Map<string, unknown>();
  const ipcRenderer = Object.assign(new Emitter(), {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
    send: vi.fn(),
    sendSync: vi.fn(),
  });
  return {
    exposed,
    ipcRenderer,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

await import('../src/preload/index');
const studio = electron.exposed.get('studio') as Record<string, (...args: unknown[]) => unknown>;

describe('the preload', () => {
  it('exposes only window.studio', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect([...electron.exposed.keys()]).toEqual(['studio']);
  });

  it('exposes exactly the studio operations and onEvent, all functions, and nothing of ipcRenderer', () => {
    expect(Object.keys(studio).sort()).toEqual([...STUDIO_OPERATIONS, 'onEvent'].sort());
    for (const [name, value] of Object.entries(studio)) expect(typeof value, name).toBe('function');
    for (const leak of ['invoke', 'send', 'sendSync', 'on', 'ipcRenderer', 'emit'])
      expect(studio).not.toHaveProperty(leak);
    expect(Object.isFrozen(studio)).toBe(true);
  });

  it('invokes each operation on its own channel with exactly its one input', async () => {
    for (const name of STUDIO_OPERATIONS) {
      electron.ipcRenderer.invoke.mockClear();
      const input = { marker: name };
      await expect(studio[name]!(input, 'smuggled')).resolves.toEqual({
        ok: true,
        value: { channel: channelOf(name), args: [input] },
      });
      expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(channelOf(name), input);
    }
  });

  it('hands a listener the event payload only, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = studio.onEvent!(listener) as () => void;
    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0, ports: [] };
    electron.ipcRenderer.emit(STUDIO_EVENT_CHANNEL, ipcEvent, { kind: 'session', signedIn: true });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ kind: 'session', signedIn: true });
    unsubscribe();
    electron.ipcRenderer.emit(STUDIO_EVENT_CHANNEL, ipcEvent, { kind: 'session', signedIn: false });
    expect(listener).toHaveBeenCalledOnce();
    expect((electron.ipcRenderer as EventEmitter).listenerCount(STUDIO_EVENT_CHANNEL)).toBe(0);
  });
});
