// Inputs and outputs of the notifications API, and what each type's payload holds. Clients word a
// notification from its type and payload in the reader's language; the server never sends a sentence.
import { z } from 'zod';
import { NOTIFICATION_TYPES, type NotificationType } from '../domain';
import type { JobFailureCode } from '../failures';

/**
 * The parameters each type carries, as the server writes them. Rows written before a field existed
 * may lack it, so the list's output keeps payloads open and clients read them defensively.
 */
export interface NotificationPayloads {
  image_liked: { generationId: string; styleName: string; likerId: string; likerName: string };
  image_commented: {
    generationId: string;
    styleName: string;
    commentId: string;
    authorId: string;
    authorName: string;
    /** The comment's first words, plain text. */
    excerpt: string;
  };
  model_training_completed: { styleId: string; styleName: string; jobId: string; version: number };
  model_training_failed: {
    styleId: string;
    styleName: string;
    jobId: string;
    reasonCode: JobFailureCode;
    seconds?: number;
    keptVersion?: number;
    reason: string;
  };
  image_generation_completed: { generationId: string; styleId: string; styleName: string };
  image_generation_failed: {
    generationId: string;
    styleId: string;
    styleName?: string;
    reasonCode: JobFailureCode;
    seconds?: number;
    reason: string;
    refundedTokens: number;
  };
}
export type NotificationPayload<T extends NotificationType> = NotificationPayloads[T];

export const listNotificationsSchema = z.object({
  cursor: z.uuid().optional(),
  limit: z.number().int().min(1).max(50).default(20),
});

export const notificationSchema = z.object({
  id: z.uuid(),
  type: z.enum(NOTIFICATION_TYPES),
  payload: z.record(z.string(), z.unknown()),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationPageSchema = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.string().nullable(),
});

export const unreadCountSchema = z.object({ count: z.number().int() });

/** Some of the caller's own notifications by id, or all of them. Another user's id: NOT_FOUND. */
export const markReadSchema = z.object({
  ids: z.union([z.array(z.uuid()).min(1).max(100), z.literal('all')]),
});
export const markReadResultSchema = z.object({ updated: z.number().int() });
