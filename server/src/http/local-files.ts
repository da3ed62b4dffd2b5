// Serves the local object store's signed URLs at /files/* (embedded default only; with S3 the URLs
// point at S3 itself). The request body is handed over unparsed so uploads stream to disk.
import type { FastifyInstance } from 'fastify';
import { handleLocalStorageRequest, type LocalObjectStorage } from '@style-license/platform/storage';

export async function registerLocalFiles(app: FastifyInstance, storage: LocalObjectStorage): Promise<void> {
  await app.register(async (scope) => {
    // Leave bodies as raw streams in this scope: the handler reads (and size-limits) them itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    scope.route({
      method: ['GET', 'HEAD', 'PUT'],
      url: '/files/*',
      handler: async (request, reply) => {
        const result = await handleLocalStorageRequest(storage, {
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: request.raw,
        });
        return reply
          .code(result.status)
          .headers(result.headers)
          .send(result.body ?? null);
      },
    });
  });
}
