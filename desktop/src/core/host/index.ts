// What a host (Electron's main, the HTTP test host) serves and dispatches: the app origin and the IPC table.
export { createAppHandler, type AppHandlerOptions } from './handler';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './content-policy';
export { dispatchOperation, isStudioOperation } from './dispatch';
