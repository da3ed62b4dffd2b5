// The open studio and the operation table both hosts (Electron's IPC, the HTTP test host) register.
export { openStudio, type Studio, type StudioOptions } from './studio';
export { createStudioOperations, type StudioHandlers } from './operations';
