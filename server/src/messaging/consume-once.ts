/**
 * Exactly-once effects over at-least-once delivery: the handler runs in a transaction together with
 * the record that this consumer processed this message id; a redelivered or duplicated message finds
 * the record and is acknowledged without running the handler again.
 */
import { claimEvent, type Database, type Db } from '@style-license/db';
import type { Delivery, DeliveryHandler } from '@style-license/platform/queue';

export type OnceHandler = (tx: Db, delivery: Delivery) => Promise<void>;

export function consumeOnce(database: Database, consumer: string, handler: OnceHandler): DeliveryHandler {
  return (delivery) =>
    database.db.transaction(async (tx) => {
      if (!(await claimEvent(tx, consumer, delivery.envelope.id))) return;
      await handler(tx, delivery);
    });
}
