-- Housekeeping deletes sent outbox rows and old processed-event ids oldest first, in bounded batches
-- (server/src/messaging/housekeeping.ts): with these indexes each batch reads only the rows it deletes.
-- The outbox index holds sent rows only; unsent ones have the relay's own index (outbox_unsent_idx).
CREATE INDEX "outbox_sent_at_idx" ON "outbox" USING btree ("sent_at") WHERE "outbox"."sent_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "processed_events_created_at_idx" ON "processed_events" USING btree ("created_at");
