import { processedEvents } from './schema/messaging';
import type { Db } from './client';

/**
 * Records that `consumer` handled `eventId`. Returns false when it already had, so a handler running
 * inside the same transaction as its effects can skip a redelivered message: exactly-once effects on
 * top of at-least-once delivery.
 */
export async function claimEvent(tx: Db, consumer: string, eventId: string): Promise<boolean> {
  const rows = await tx
    .insert(processedEvents)
    .values({ consumer, eventId })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  return rows.length === 1;
}
