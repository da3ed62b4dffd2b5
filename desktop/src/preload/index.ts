// The sandboxed preload: exposes `window.studio` (the named operations and onEvent) and nothing else;
// no ipcRenderer, no generic invoke. Bundled to one CJS file, since a sandbox can only require electron.
import { contextBridge, ipcRenderer } from 'electron';
import { createStudioBridge } from './bridge';

contextBridge.exposeInMainWorld('studio', createStudioBridge(ipcRenderer));
