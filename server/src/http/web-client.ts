// Serves the built web client at `/` with a fallback to index.html for client-side routes, so one
// server URL is the whole product under `npm start`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const API_PREFIXES = [
  '/trpc',
  '/files',
  '/auth',
  '/dev-idp',
  '/healthz',
  '/readyz',
  // Served only with METRICS_TOKEN; without it a scraper must get a 404, not the web page.
  '/metrics',
  '/webhooks',
  '/licenses',
  '/dev-checkout',
  '/tokens',
];

/** A prefix is a whole path segment: `/tokens/…` and `/tokens?…` are under `/tokens`, `/tokensmith` is not. */
function isUnder(url: string, prefix: string): boolean {
  return url.startsWith(prefix) && (url.length === prefix.length || '/?#'.includes(url[prefix.length]!));
}

/** Whether a URL (or route pattern) belongs to the server's own routes rather than the web client's. */
export const isApiPath = (url: string): boolean => API_PREFIXES.some((prefix) => isUnder(url, prefix));

export async function registerWebClient(app: FastifyInstance, distDir: string): Promise<boolean> {
  const root = resolve(distDir);
  if (distDir === 'none' || !existsSync(resolve(root, 'index.html'))) return false;
  // The build writes .br and .gz copies beside each file (web/vite-precompress.ts): sent when accepted.
  await app.register(fastifyStatic, { root, wildcard: false, preCompressed: true });
  app.setNotFoundHandler((request, reply) => {
    const isApi = isApiPath(request.url);
    // A missing built file (a chunk from an older build, a typo) is a 404, not the app's HTML, which a
    // browser would try to run as JavaScript; client-side routes never name a file under /assets.
    const isAsset = request.url.startsWith('/assets/');
    if (request.method === 'GET' && !isApi && !isAsset) return reply.sendFile('index.html');
    return reply.code(404).send({ code: 'NOT_FOUND', httpStatus: 404, message: 'Not found' });
  });
  return true;
}
