-- Style model versions (issue 10): a style keeps selling its current version while a new one trains.
-- Every style that had a model gets it as version 1 (with the run that trained it when that run is known),
-- and its generations are recorded as made with it: the only model it had before versions existed.
CREATE TABLE "style_versions" (
	"style_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"training_job_id" uuid,
	"engine" "engine" NOT NULL,
	"artifact_key" text NOT NULL,
	"sample_keys" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "style_versions_style_id_version_pk" PRIMARY KEY("style_id","version"),
	CONSTRAINT "style_versions_training_job_id_unique" UNIQUE("training_job_id"),
	CONSTRAINT "style_versions_positive" CHECK ("style_versions"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "styles" ADD COLUMN "current_version" integer;
--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "style_version" integer;
--> statement-breakpoint
INSERT INTO "style_versions" ("style_id", "version", "training_job_id", "engine", "artifact_key", "created_at")
SELECT s."id", 1,
  (SELECT j."id" FROM "training_jobs" j
    WHERE j."style_id" = s."id" AND j."status" = 'succeeded' AND j."artifact_key" = s."model_artifact_key"
    ORDER BY j."finished_at" DESC NULLS LAST LIMIT 1),
  s."engine", s."model_artifact_key", coalesce(s."trained_at", s."updated_at")
FROM "styles" s WHERE s."model_artifact_key" IS NOT NULL;
--> statement-breakpoint
UPDATE "styles" SET "current_version" = 1 WHERE "model_artifact_key" IS NOT NULL;
--> statement-breakpoint
UPDATE "generations" g SET "style_version" = 1 FROM "styles" s
WHERE g."style_id" = s."id" AND s."model_artifact_key" IS NOT NULL;
--> statement-breakpoint
-- A style with a model that the old retrain took off sale (queued or training now, or failed after a
-- failed retrain) is back on sale with it; a run still live goes on as a retrain.
UPDATE "styles" SET "status" = 'ready'
WHERE "status" IN ('queued', 'training', 'failed') AND "model_artifact_key" IS NOT NULL;
--> statement-breakpoint
-- "Ready" without a model could never be bought; it is a draft to train.
UPDATE "styles" SET "status" = 'draft' WHERE "status" = 'ready' AND "model_artifact_key" IS NULL;
--> statement-breakpoint
ALTER TABLE "style_versions" ADD CONSTRAINT "style_versions_style_id_styles_id_fk" FOREIGN KEY ("style_id") REFERENCES "public"."styles"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "style_versions" ADD CONSTRAINT "style_versions_training_job_id_training_jobs_id_fk" FOREIGN KEY ("training_job_id") REFERENCES "public"."training_jobs"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "styles" ADD CONSTRAINT "styles_current_version_fk" FOREIGN KEY ("id","current_version") REFERENCES "public"."style_versions"("style_id","version") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_style_version_fk" FOREIGN KEY ("style_id","style_version") REFERENCES "public"."style_versions"("style_id","version") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "styles" ADD CONSTRAINT "styles_ready_has_version" CHECK ("styles"."status" <> 'ready' OR "styles"."current_version" IS NOT NULL);
--> statement-breakpoint
ALTER TABLE "styles" DROP COLUMN "model_artifact_key";
