/**
 * The test host: the studio's app origin and its IPC table over plain HTTP on 127.0.0.1, so the real
 * renderer runs in Chromium under Playwright (Electron's binary cannot be fetched here). It serves the
 * same handler Electron's custom protocol serves, dispatches the same operation table on
 * POST /ipc/<operation>, streams core events on GET /ipc/events, and stands in for the preload with
 * /studio-bridge.js, which defines `window.studio` with the same named functions.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { STUDIO_OPERATIONS, type StudioEvent } from '../bridge/studio-api';
import { createAppHandler, dispatchOperation, SECURITY_HEADERS } from '../core/host';
import { createStudioOperations, type Studio } from '../core/studio';

export interface TestHostOptions {
  studio: Studio;
  rendererDir: string;
  port?: number;
  onUnexpected?: (error: unknown, operation: string) => void;
}

export interface TestHost {
  url: string;
  close(): Promise<void>;
}

/** What the preload does in Electron, over fetch and EventSource. */
const BRIDGE_SCRIPT = `(() => {
  const call = (name) => async (input) => {
    const response = await fetch('/ipc/' + name, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: input === undefined ? null : input }),
    });
    return response.json();
  };
  const studio = {};
  for (const name of ${JSON.stringify(STUDIO_OPERATIONS)}) studio[name] = call(name);
  studio.onEvent = (listener) => {
    const source = new EventSource('/ipc/events');
    source.onmessage = (message) => listener(JSON.parse(message.data));
    return () => source.close();
  };
  Object.defineProperty(window, 'studio', { value: Object.freeze(studio) });
})();`;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json' },
  });

export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const { studio } = options;
  const handlers = createStudioOperations(studio);
  const app = createAppHandler({
    studio,
    rendererDir: options.rendererDir,
    transformIndex: (html) => html.replace('<head>', '<head><script src="/studio-bridge.js"></script>'),
  });
  let origin = '';

  function events(request: Request) {
    let unsubscribe = () => {};
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(': connected\n\n'));
        unsubscribe = studio.onEvent((event: StudioEvent) =>
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`)),
        );
        request.signal.addEventListener('abort', () => {
          unsubscribe();
          controller.close();
        });
      },
      cancel: () => unsubscribe(),
    });
    return new Response(stream, {
      headers: { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
    });
  }

  const fetchHandler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/studio-bridge.js')
      return new Response(BRIDGE_SCRIPT, {
        headers: { ...SECURITY_HEADERS, 'content-type': 'text/javascript; charset=utf-8' },
      });
    if (url.pathname === '/ipc/events' && request.method === 'GET') return events(request);
    const operation = /^\/ipc\/([A-Za-z]+)$/.exec(url.pathname)?.[1];
    if (operation) {
      // Like IPC's sender check: only this origin's page may call, and only with a JSON body (a foreign
      // page cannot send one without a preflight this host never grants).
      const from = request.headers.get('origin');
      if (request.method !== 'POST' || (from !== null && from !== origin))
        return json(403, { ok: false, error: { code: 'FORBIDDEN', message: 'Not this studio’s page' } });
      if (!request.headers.get('content-type')?.startsWith('application/json'))
        return json(415, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'JSON only' } });
      const body = (await request.json().catch(() => null)) as { input?: unknown } | null;
      if (body === null || typeof body !== 'object')
        return json(400, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'Not a JSON object' } });
      return json(
        200,
        await dispatchOperation(handlers, operation, body.input ?? undefined, options.onUnexpected),
      );
    }
    return app(request);
  };

  const server: Server = createServer(getRequestListener(fetchHandler));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
