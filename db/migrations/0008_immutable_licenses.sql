-- Licenses say, for good, what they said at issue (issue 11): the names, ids and terms version a license
-- was issued with are recorded on it, and the database refuses any change to a license row, as it does
-- for the token ledger. Licenses issued before this migration can only be backfilled from the names
-- current now (their files keep the names from purchase; a rename since then is not recoverable here).
-- All of them were issued under terms v1, whose text their `terms` already holds.
ALTER TABLE "licenses" ADD COLUMN "style_version" integer;
--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "style_name" text;
--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "artist_name" text;
--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "licensee_name" text;
--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "terms_version" integer;
--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "terms_ko" text;
--> statement-breakpoint
UPDATE "licenses" l SET
  "style_version" = g."style_version",
  "style_name" = s."name",
  "artist_name" = a."display_name",
  "licensee_name" = o."display_name",
  "terms_version" = 1
FROM "generations" g, "styles" s, "users" a, "users" o
WHERE g."id" = l."generation_id" AND s."id" = l."style_id" AND a."id" = l."artist_id" AND o."id" = l."owner_id";
--> statement-breakpoint
ALTER TABLE "licenses" ALTER COLUMN "style_name" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "licenses" ALTER COLUMN "artist_name" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "licenses" ALTER COLUMN "licensee_name" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "licenses" ALTER COLUMN "terms_version" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_terms_version_known" CHECK ("licenses"."terms_version" >= 1);
--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_style_version_fk" FOREIGN KEY ("style_id","style_version") REFERENCES "public"."style_versions"("style_id","version") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Raised as the ledger's is (insufficient_privilege): no code path may change what a license said.
CREATE FUNCTION licenses_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'licenses are immutable once issued (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER licenses_immutable BEFORE UPDATE OR DELETE ON licenses
  FOR EACH ROW EXECUTE FUNCTION licenses_forbid_change();
