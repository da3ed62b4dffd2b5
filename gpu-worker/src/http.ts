/**
 * The standalone worker's HTTP listener, for orchestrators and Prometheus only: /healthz (the process
 * runs), /readyz (it consumes its queues and the broker answers), /metrics. Probes are polled every few
 * seconds, so their requests are never logged; only a failure to answer one is.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@style-license/platform/logger';
import type { QueueTransport } from '@style-license/platform/queue';
import type { RunningWorker } from './worker';

export interface WorkerHttpOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  worker: Pick<RunningWorker, 'consuming' | 'metrics'>;
  queue: Pick<QueueTransport, 'ping'>;
  logger: Pick<Logger, 'info' | 'warn'>;
}

export interface WorkerHttp {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function answer(req: IncomingMessage, res: ServerResponse, options: WorkerHttpOptions) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    return void res.end();
  }
  const path = new URL(req.url ?? '/', 'http://worker').pathname;
  if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (path === '/readyz') {
    const consuming = options.worker.consuming();
    const queue = consuming && (await options.queue.ping().catch(() => false));
    const ready = consuming && queue;
    return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', consuming, queue });
  }
  if (path === '/metrics') {
    const { registry } = options.worker.metrics;
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    return void res.end(text);
  }
  sendJson(res, 404, { status: 'not found' });
}

export async function startWorkerHttp(options: WorkerHttpOptions): Promise<WorkerHttp> {
  const server = createServer((req, res) => {
    answer(req, res, options).catch((error: unknown) => {
      options.logger.warn({ err: error, path: req.url }, 'worker http: could not answer');
      if (!res.headersSent) sendJson(res, 500, { status: 'error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  options.logger.info({ address: url }, 'worker http listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections from a scraper would otherwise hold the close open.
        server.closeIdleConnections();
      }),
  };
}
