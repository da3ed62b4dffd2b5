// Entry of the utility process that runs the studio core: PGlite (WASM), scans and thumbnails would block
// Electron's main thread, so they live here. Main sends the config and one MessagePort; nothing else.
import type { MessagePortMain } from 'electron';
import type { CoreConfig } from './core-api';
import { serveCore } from './core-service';
import { electronPort } from './port-protocol';

const parent = process.parentPort;
if (!parent) throw new Error('core-process runs as an Electron utility process');

parent.once('message', (event: { data: { config: CoreConfig }; ports: MessagePortMain[] }) => {
  const [port] = event.ports;
  if (!port) throw new Error('The studio core needs a port to main');
  const core = serveCore(electronPort(port), event.data.config);
  // Main's port closing means main is gone: close the catalog cleanly, then end (nothing can reach it).
  port.on('close', () => {
    void core
      .close()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
});
