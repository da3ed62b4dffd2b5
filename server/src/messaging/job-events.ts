/**
 * The server's consumer of job_events: each event is dispatched by type to its domain's handler inside
 * one transaction together with the processed-event record (consumeOnce), so a redelivered or duplicated
 * event has its effect once. Event types no domain handles are acknowledged and logged, not retried.
 * What a handler needs from the object store it does first, in `prepare`, with no transaction open: a
 * store that is slow or down then holds the message, never a pooled connection and a row lock (ten such
 * messages would otherwise take every connection the API has). What must happen only if the transaction
 * commits (counting a refund in the metrics) a handler hands to `afterCommit`.
 */
import type { Db } from '@style-license/db';
import type { DeliveryHandler, Subscription } from '@style-license/platform/queue';
import { QUEUES } from '@style-license/shared';
import type { ServerDeps } from '../deps';
import { consumeOnce } from './consume-once';

/** Runs `effect` once the event's transaction committed; never when it rolled back or was a duplicate. */
export type AfterCommit = (effect: () => void) => void;

export type ApplyEvent = (
  tx: Db,
  payload: unknown,
  prepared?: unknown,
  afterCommit?: AfterCommit,
) => Promise<void>;

/** A plain handler runs in the transaction; one with `prepare` first does idempotent work outside it. */
export type JobEventHandler = ApplyEvent | { prepare(payload: unknown): Promise<unknown>; apply: ApplyEvent };

export function startJobEventsConsumer(
  deps: Pick<ServerDeps, 'database' | 'queue' | 'logger'>,
  handlers: Record<string, JobEventHandler>,
): Promise<Subscription> {
  const handle: DeliveryHandler = async (delivery) => {
    const { envelope, attempt } = delivery;
    const handler = Object.hasOwn(handlers, envelope.type) ? handlers[envelope.type] : undefined;
    if (!handler) {
      deps.logger.warn({ type: envelope.type, messageId: envelope.id }, 'job event of unknown type ignored');
      return;
    }
    deps.logger.debug({ type: envelope.type, requestId: envelope.requestId, attempt }, 'job event');
    const apply = typeof handler === 'function' ? handler : handler.apply;
    const prepared = typeof handler === 'function' ? undefined : await handler.prepare(envelope.payload);
    const committed: (() => void)[] = [];
    const afterCommit: AfterCommit = (effect) => void committed.push(effect);
    await consumeOnce(deps.database, 'job-events', (tx) =>
      apply(tx, envelope.payload, prepared, afterCommit),
    )(delivery);
    for (const effect of committed) effect();
  };
  return deps.queue.consume(QUEUES.jobEvents, handle, { prefetch: 10 });
}
