-- The limit a failed job ran past (expired, stalled, not_started), so clients can say it in their own
-- language; failure_reason keeps the English sentence. Rows failed before this have none.
ALTER TABLE "styles" ADD COLUMN "failure_seconds" integer;--> statement-breakpoint
ALTER TABLE "training_jobs" ADD COLUMN "failure_seconds" integer;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "failure_seconds" integer;