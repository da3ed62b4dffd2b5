// Results leave the worker as events on `job_events`. Each event gets its own id so the server's
// idempotent consumer can tell a redelivered event from a new one; the request id rides along.
import { randomUUID } from 'node:crypto';
import type { QueueTransport } from '@style-license/platform/queue';
import { QUEUES, type Envelope } from '@style-license/shared';

export async function publishJobEvent(
  queue: QueueTransport,
  type: string,
  payload: unknown,
  requestId?: string,
): Promise<Envelope> {
  const envelope: Envelope = {
    id: randomUUID(),
    type,
    createdAt: new Date().toISOString(),
    payload,
    ...(requestId ? { requestId } : {}),
  };
  await queue.publish(QUEUES.jobEvents, envelope);
  return envelope;
}
