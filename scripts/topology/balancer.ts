/**
 * The load balancer in front of the server processes, as an operator's would be: each request goes to
 * the next server in turn (no stickiness, so every request may land on another instance), with the
 * client's address in X-Forwarded-For. A server that refuses the connection (killed, restarting) is
 * skipped for that request, which is safe because the request never reached it; a request a server
 * was holding when it died gets 502, as behind any balancer.
 *
 * node:http is enough here: a test and development tool of ~100 lines, where a proxy library (the
 * widely used http-proxy is unmaintained) would add a dependency for less control over the retry rule.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  name: string;
  port: number;
}

export interface Balancer {
  url: string;
  port: number;
  /** Requests each upstream answered, by name. */
  served: Map<string, number>;
  /** Requests answered 502 because no upstream could take them, or one died holding them. */
  failed: () => number;
  setUpstreams(upstreams: Upstream[]): void;
  close(): Promise<void>;
}

/** Errors that prove the upstream never saw the request: trying the next one cannot do it twice. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'EHOSTUNREACH']);
/** Requests that may be sent again after any error, as nginx's proxy_next_upstream does by default. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function startBalancer(upstreams: Upstream[], port = 0): Promise<Balancer> {
  let pool = [...upstreams];
  let next = 0;
  let failed = 0;
  const served = new Map<string, number>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  const forward = (
    request: http.IncomingMessage,
    body: Buffer,
    response: http.ServerResponse,
    tries: number,
  ) => {
    if (pool.length === 0 || tries >= pool.length) {
      failed += 1;
      response.writeHead(502, { 'content-type': 'text/plain' }).end('no server answered');
      return;
    }
    const upstream = pool[next++ % pool.length]!;
    const forwardedFor = [request.headers['x-forwarded-for'], request.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    const outgoing = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, 'x-forwarded-for': forwardedFor },
      },
      (answer) => {
        served.set(upstream.name, (served.get(upstream.name) ?? 0) + 1);
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(response);
        answer.on('error', () => response.destroy());
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (response.headersSent) return void response.destroy();
      // A POST that may have reached a server which then died is not sent twice: the client decides
      // (with its idempotency key) whether to try again.
      if (NOT_REACHED.has(error.code ?? '') || IDEMPOTENT.has(request.method ?? '')) {
        return forward(request, body, response, tries + 1);
      }
      failed += 1;
      response.writeHead(502, { 'content-type': 'text/plain' }).end(`${upstream.name}: ${error.message}`);
    });
    outgoing.end(body);
  };

  const server = http.createServer((request, response) => {
    // Buffered so a request can be sent again to another server; bodies here are small (JSON, forms).
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => forward(request, Buffer.concat(chunks), response, 0));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    served,
    failed: () => failed,
    setUpstreams(upstreams) {
      pool = [...upstreams];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
