// The core process's work, as a plain function over a port: open the studio, serve operations and
// app-origin requests, push its events, and ask main for the token, links and folder dialogs.
import { AppError } from '@style-license/shared';
import { createAppHandler, dispatchOperation } from '../core/host';
import { createStudioOperations, openStudio, type Studio, type StudioOptions } from '../core/studio';
import {
  fromWireRequest,
  STUDIO_EVENT,
  toWireResponse,
  type CoreConfig,
  type CoreMethods,
  type MainMethods,
} from './core-api';
import { connectPeer, type Peer, type PortLike } from './port-protocol';

/** Test and tuning knobs the app leaves at the core's defaults. */
export type CoreOverrides = Partial<
  Pick<StudioOptions, 'fetch' | 'inspectWorkers' | 'thumbnailWorkers' | 'watchFolders'>
>;

export interface ServedCore {
  /** Main's side of the port, as the core sees it. */
  main: Peer<MainMethods>;
  /** The open studio (rejects if it could not open). */
  studio: Promise<Studio>;
  /** Closes the studio once, however many times it is asked (main's call, then its port closing). */
  close(): Promise<void>;
}

export function serveCore(
  port: PortLike,
  config: CoreConfig,
  overrides: CoreOverrides = {},
  log: (message: string, error?: unknown) => void = console.error,
): ServedCore {
  const onUnexpected = (error: unknown, what: string) => log(`studio core: ${what} failed`, error);
  const serve: CoreMethods = {
    async ready() {
      await opened.catch((error: unknown) => {
        throw new AppError('UNAVAILABLE', `The studio could not open its data: ${String(error)}`);
      });
    },
    async operation({ name, input }) {
      const { handlers } = await opened;
      return dispatchOperation(handlers, name, input, onUnexpected);
    },
    async request(wire, signal) {
      const { app } = await opened;
      return toWireResponse(await app(fromWireRequest(wire, signal)));
    },
    close: () => close(),
  };
  const main = connectPeer<MainMethods, CoreMethods>(port, { serve, onUnexpected });

  // The token never lives in this process's files: main keeps it with safeStorage.
  const studio = openStudio({
    ...overrides,
    dataDir: config.dataDir,
    platformUrl: config.platformUrl,
    deviceName: config.deviceName,
    tokenStore: {
      read: () => main.call('readToken', null),
      write: (token) => main.call('writeToken', { token }),
    },
    openExternal: (url) => main.call('openExternal', { url }),
    pickFolder: () => main.call('pickFolder', null),
  });
  const opened = studio.then((open) => {
    open.onEvent((event) => main.emit(STUDIO_EVENT, event));
    return {
      handlers: createStudioOperations(open),
      app: createAppHandler({ studio: open, rendererDir: config.rendererDir }),
    };
  });
  opened.catch((error: unknown) => log('studio core: could not open the studio', error));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= studio.then(
      (open) => open.close(),
      () => undefined,
    ));
  return { main, studio, close };
}
