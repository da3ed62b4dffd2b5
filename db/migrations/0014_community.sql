-- The community (issue 13). Notification types get the names clients and the seed use; a public image
-- must be a succeeded one with a publication time; feeds page over public images by (published_at, id),
-- overall and per style; comments page per image newest first; followed artists page per follower.
ALTER TYPE "public"."notification_type" RENAME VALUE 'new_like' TO 'image_liked';--> statement-breakpoint
ALTER TYPE "public"."notification_type" RENAME VALUE 'new_comment' TO 'image_commented';--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_public_when_succeeded" CHECK ("generations"."visibility" = 'private' OR ("generations"."status" = 'succeeded' AND "generations"."published_at" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_description_length" CHECK ("generations"."description" IS NULL OR char_length("generations"."description") <= 1000);--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_body_length" CHECK (char_length("comments"."body") BETWEEN 1 AND 1000);--> statement-breakpoint
DROP INDEX "generations_public_feed_idx";--> statement-breakpoint
CREATE INDEX "generations_feed_idx" ON "generations" USING btree ("published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "generations"."visibility" = 'public';--> statement-breakpoint
CREATE INDEX "generations_style_feed_idx" ON "generations" USING btree ("style_id","published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "generations"."visibility" = 'public';--> statement-breakpoint
DROP INDEX "comments_generation_created_idx";--> statement-breakpoint
CREATE INDEX "comments_generation_newest_idx" ON "comments" USING btree ("generation_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "follows_follower_newest_idx" ON "follows" USING btree ("follower_id","created_at" DESC NULLS FIRST,"followee_id" DESC NULLS FIRST);
