// `window.studio` as a pure function of an ipcRenderer: one named function per operation on its own
// channel, and an event subscription that hands the listener the payload only (never the IPC event).
import type { IpcRenderer } from 'electron';
import {
  channelOf,
  STUDIO_EVENT_CHANNEL,
  STUDIO_OPERATIONS,
  type StudioBridge,
  type StudioEvent,
} from '../bridge/studio-api';

export function createStudioBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): StudioBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of STUDIO_OPERATIONS) {
    const channel = channelOf(name);
    // Exactly one argument crosses: the page cannot smuggle more through a named function.
    bridge[name] = (input?: unknown) => ipc.invoke(channel, input);
  }
  bridge.onEvent = (listener: (event: StudioEvent) => void) => {
    const forward = (_event: Electron.IpcRendererEvent, payload: StudioEvent) => listener(payload);
    ipc.on(STUDIO_EVENT_CHANNEL, forward);
    return () => void ipc.removeListener(STUDIO_EVENT_CHANNEL, forward);
  };
  return Object.freeze(bridge) as StudioBridge;
}
