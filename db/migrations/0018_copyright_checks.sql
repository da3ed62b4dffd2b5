-- Copyright checks at training upload (issue 17). Each training image gets a copy hash (platform
-- images/copy-hash.ts: a DCT hash that keeps re-saved copies of pale pictures close, where the
-- perceptual hash's dHash does not), and its four 16-bit quarters become indexed generated columns: a
-- copy of any style's image is found by looking up quarters within one bit of the upload's, never by
-- reading every row. Images recorded before this have no copy hash (it needs their pixels): the server
-- fills them in the background (training/copy-hash-backfill.ts), finding them through the partial index.
-- Refused images are recorded for review, and each training run keeps the artist's attestation that
-- they own the rights to its set.
ALTER TABLE "training_images"
  ADD COLUMN "copy_hash" text,
  ADD COLUMN "phash_0" integer GENERATED ALWAYS AS (('x' || substr(copy_hash, 1, 4))::bit(16)::integer) STORED,
  ADD COLUMN "phash_1" integer GENERATED ALWAYS AS (('x' || substr(copy_hash, 5, 4))::bit(16)::integer) STORED,
  ADD COLUMN "phash_2" integer GENERATED ALWAYS AS (('x' || substr(copy_hash, 9, 4))::bit(16)::integer) STORED,
  ADD COLUMN "phash_3" integer GENERATED ALWAYS AS (('x' || substr(copy_hash, 13, 4))::bit(16)::integer) STORED;--> statement-breakpoint
ALTER TABLE "training_images" ADD CONSTRAINT "training_images_copy_hash_hex" CHECK ("training_images"."copy_hash" ~ '^[0-9a-f]{16}$');--> statement-breakpoint
CREATE INDEX "training_images_phash_0_idx" ON "training_images" USING btree ("phash_0");--> statement-breakpoint
CREATE INDEX "training_images_phash_1_idx" ON "training_images" USING btree ("phash_1");--> statement-breakpoint
CREATE INDEX "training_images_phash_2_idx" ON "training_images" USING btree ("phash_2");--> statement-breakpoint
CREATE INDEX "training_images_phash_3_idx" ON "training_images" USING btree ("phash_3");--> statement-breakpoint
CREATE INDEX "training_images_copy_hash_missing_idx" ON "training_images" USING btree ("id") WHERE "training_images"."copy_hash" IS NULL;--> statement-breakpoint
CREATE TABLE "upload_blocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"artist_id" uuid NOT NULL,
	"style_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"perceptual_hash" text NOT NULL,
	"rule" text NOT NULL,
	"evidence" text NOT NULL,
	"confidence" real,
	"matched_image_id" uuid,
	"matched_style_id" uuid,
	"matched_artist_id" uuid,
	"hash_distance" integer,
	"license_id" uuid,
	"generation_id" uuid,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "upload_blocks_rule" CHECK ("upload_blocks"."rule" IN ('copyright_other_artist', 'copyright_generated')),
	CONSTRAINT "upload_blocks_evidence" CHECK ("upload_blocks"."evidence" IN ('perceptual_hash', 'file_hash', 'content_credentials', 'license_mark')),
	CONSTRAINT "upload_blocks_names_match" CHECK (("upload_blocks"."rule" = 'copyright_other_artist' AND "upload_blocks"."matched_image_id" IS NOT NULL)
        OR ("upload_blocks"."rule" = 'copyright_generated' AND "upload_blocks"."license_id" IS NOT NULL))
);--> statement-breakpoint
CREATE TABLE "rights_attestations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"training_job_id" uuid NOT NULL,
	"style_id" uuid NOT NULL,
	"artist_id" uuid NOT NULL,
	"statement_version" text NOT NULL,
	"image_count" integer NOT NULL,
	"images_sha256" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rights_attestations_training_job_id_unique" UNIQUE("training_job_id")
);--> statement-breakpoint
ALTER TABLE "upload_blocks" ADD CONSTRAINT "upload_blocks_artist_id_users_id_fk" FOREIGN KEY ("artist_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_blocks" ADD CONSTRAINT "upload_blocks_style_id_styles_id_fk" FOREIGN KEY ("style_id") REFERENCES "public"."styles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rights_attestations" ADD CONSTRAINT "rights_attestations_training_job_id_training_jobs_id_fk" FOREIGN KEY ("training_job_id") REFERENCES "public"."training_jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rights_attestations" ADD CONSTRAINT "rights_attestations_style_id_styles_id_fk" FOREIGN KEY ("style_id") REFERENCES "public"."styles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rights_attestations" ADD CONSTRAINT "rights_attestations_artist_id_users_id_fk" FOREIGN KEY ("artist_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "upload_blocks_created_idx" ON "upload_blocks" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "upload_blocks_artist_idx" ON "upload_blocks" USING btree ("artist_id","created_at");--> statement-breakpoint
CREATE INDEX "rights_attestations_style_idx" ON "rights_attestations" USING btree ("style_id","created_at");
