/**
 * Writing a job to the outbox: call inside the transaction that makes the job necessary (the token
 * charge, the training submission), so the job exists if and only if that transaction commits.
 */
import { schema, type Db } from '@style-license/db';

export interface OutboxMessage {
  queue: string;
  type: string;
  payload: unknown;
  requestId?: string;
}

/** Returns the message id, which is also the envelope id consumers dedupe on. */
export async function enqueue(tx: Db, message: OutboxMessage): Promise<string> {
  const [row] = await tx
    .insert(schema.outbox)
    .values({ ...message, payload: message.payload ?? {} })
    .returning({ id: schema.outbox.id });
  return row!.id;
}
