/**
 * An inspect worker thread: answers `{ id, path }` with the file's Inspection or the error that stopped
 * it. Holds no state between files, so a worker can be replaced at any time.
 */
import { parentPort } from 'node:worker_threads';
import { inspectFile } from './inspect';

export interface InspectRequest {
  id: number;
  path: string;
}

export type InspectReply =
  | { id: number; ok: true; inspection: Awaited<ReturnType<typeof inspectFile>> }
  | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) throw new Error('inspect-worker runs as a worker thread');

port.on('message', (request: InspectRequest) => {
  inspectFile(request.path).then(
    (inspection) => port.postMessage({ id: request.id, ok: true, inspection } satisfies InspectReply),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies InspectReply),
  );
});
