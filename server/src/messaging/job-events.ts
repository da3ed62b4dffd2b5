/**
 * The server's consumer of job_events: each event is dispatched by type to its domain's handler inside
 * one transaction together with the processed-event record (consumeOnce), so a redelivered or duplicated
 * event has its effect once. Event types no domain handles are acknowledged and logged, not retried.
 */
import type { Db } from '@style-license/db';
import type { Subscription } from '@style-license/platform/queue';
import { QUEUES } from '@style-license/shared';
import type { ServerDeps } from '../deps';
import { consumeOnce } from './consume-once';

export type JobEventHandler = (tx: Db, payload: unknown) => Promise<void>;

export function startJobEventsConsumer(
  deps: Pick<ServerDeps, 'database' | 'queue' | 'logger'>,
  handlers: Record<string, JobEventHandler>,
): Promise<Subscription> {
  const handle = consumeOnce(deps.database, 'job-events', async (tx, { envelope, attempt }) => {
    const handler = Object.hasOwn(handlers, envelope.type) ? handlers[envelope.type] : undefined;
    if (!handler) {
      deps.logger.warn({ type: envelope.type, messageId: envelope.id }, 'job event of unknown type ignored');
      return;
    }
    deps.logger.debug({ type: envelope.type, requestId: envelope.requestId, attempt }, 'job event');
    await handler(tx, envelope.payload);
  });
  return deps.queue.consume(QUEUES.jobEvents, handle, { prefetch: 10 });
}
