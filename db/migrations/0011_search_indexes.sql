-- Indexes for the API's hottest reads (issue 10 benchmark): both styles.search orders over styles on sale,
-- and the unread-notification count.
CREATE INDEX "styles_ready_newest_idx" ON "styles" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "styles"."status" = 'ready';
--> statement-breakpoint
CREATE INDEX "styles_ready_popular_idx" ON "styles" USING btree ("generation_count" DESC NULLS FIRST,"created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "styles"."status" = 'ready';
--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE NOT "notifications"."read";
