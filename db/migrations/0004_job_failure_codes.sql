CREATE TYPE "public"."job_failure_code" AS ENUM('invalid_request', 'processing_failed', 'expired', 'stalled', 'not_started');--> statement-breakpoint
ALTER TABLE "styles" ADD COLUMN "failure_code" "job_failure_code";--> statement-breakpoint
ALTER TABLE "training_jobs" ADD COLUMN "failure_code" "job_failure_code";--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "failure_code" "job_failure_code";