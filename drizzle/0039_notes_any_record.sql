-- Hand-edited: notes and attachments on any record (issue 21). Rows name their record as (record_type, record_id);
-- existing rows (batches and inspections) are backfilled from batch_id / inspection_id, which stay with their
-- foreign keys for those two types. Notes gain a priority and versions: the primary key becomes (id, version) and an
-- edit inserts the next version. Attachments gain a version per file name on a record. Rows are still never changed
-- or deleted: the runtime role keeps SELECT and INSERT only, and a trigger now refuses UPDATE to every role.
ALTER TABLE "record_notes" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "record_notes" ADD COLUMN "record_type" text;--> statement-breakpoint
ALTER TABLE "record_notes" ADD COLUMN "record_id" uuid;--> statement-breakpoint
ALTER TABLE "record_notes" ADD COLUMN "priority" text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE "record_notes" ADD COLUMN "edited_by" uuid;--> statement-breakpoint
ALTER TABLE "record_notes" ADD COLUMN "edited_by_name" text;--> statement-breakpoint
ALTER TABLE "record_notes" ADD COLUMN "edited_at" timestamp with time zone;--> statement-breakpoint
UPDATE "record_notes" SET
  "record_type" = CASE WHEN "inspection_id" IS NULL THEN 'batch' ELSE 'inspection' END,
  "record_id" = coalesce("inspection_id", "batch_id");--> statement-breakpoint
ALTER TABLE "record_notes" ALTER COLUMN "record_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "record_notes" ALTER COLUMN "record_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "record_notes" ALTER COLUMN "batch_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "record_notes" DROP CONSTRAINT "record_notes_pkey";--> statement-breakpoint
ALTER TABLE "record_notes" ADD CONSTRAINT "record_notes_pkey" PRIMARY KEY("id","version");--> statement-breakpoint
ALTER TABLE "record_attachments" ADD COLUMN "record_type" text;--> statement-breakpoint
ALTER TABLE "record_attachments" ADD COLUMN "record_id" uuid;--> statement-breakpoint
ALTER TABLE "record_attachments" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
UPDATE "record_attachments" SET
  "record_type" = CASE WHEN "inspection_id" IS NULL THEN 'batch' ELSE 'inspection' END,
  "record_id" = coalesce("inspection_id", "batch_id");--> statement-breakpoint
-- Files of one name already on a record before versions existed: number them by upload time.
UPDATE "record_attachments" AS a SET "version" = n."version"
FROM (
  SELECT "id", row_number() OVER (PARTITION BY "tenant_id", "record_type", "record_id", "file_name" ORDER BY "created_at", "id") AS "version"
  FROM "record_attachments"
) AS n
WHERE n."id" = a."id" AND n."version" <> 1;--> statement-breakpoint
ALTER TABLE "record_attachments" ALTER COLUMN "record_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "record_attachments" ALTER COLUMN "record_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "record_attachments" ALTER COLUMN "batch_id" DROP NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "record_attachments_name_version_idx" ON "record_attachments" USING btree ("tenant_id","record_type","record_id","file_name","version");--> statement-breakpoint
CREATE INDEX "record_attachments_tenant_record_idx" ON "record_attachments" USING btree ("tenant_id","record_type","record_id","created_at");--> statement-breakpoint
CREATE INDEX "record_notes_tenant_record_idx" ON "record_notes" USING btree ("tenant_id","record_type","record_id","created_at");--> statement-breakpoint
ALTER TABLE "record_attachments" ADD CONSTRAINT "record_attachments_version" CHECK ("record_attachments"."version" >= 1);--> statement-breakpoint
ALTER TABLE "record_attachments" ADD CONSTRAINT "record_attachments_record_type" CHECK ("record_attachments"."record_type" in ('batch', 'inspection', 'site', 'member', 'system', 'team', 'access_review'));--> statement-breakpoint
ALTER TABLE "record_attachments" ADD CONSTRAINT "record_attachments_batch_record" CHECK (("record_attachments"."record_type" = 'batch' and "record_attachments"."batch_id" is not distinct from "record_attachments"."record_id" and "record_attachments"."inspection_id" is null)
        or ("record_attachments"."record_type" = 'inspection' and "record_attachments"."batch_id" is not null and "record_attachments"."inspection_id" is not distinct from "record_attachments"."record_id")
        or ("record_attachments"."record_type" not in ('batch', 'inspection') and "record_attachments"."batch_id" is null and "record_attachments"."inspection_id" is null));--> statement-breakpoint
ALTER TABLE "record_notes" ADD CONSTRAINT "record_notes_version" CHECK ("record_notes"."version" >= 1 and ("record_notes"."version" = 1) = ("record_notes"."edited_at" is null));--> statement-breakpoint
ALTER TABLE "record_notes" ADD CONSTRAINT "record_notes_record_type" CHECK ("record_notes"."record_type" in ('batch', 'inspection', 'site', 'member', 'system', 'team', 'access_review'));--> statement-breakpoint
ALTER TABLE "record_notes" ADD CONSTRAINT "record_notes_priority" CHECK ("record_notes"."priority" in ('low', 'normal', 'high'));--> statement-breakpoint
ALTER TABLE "record_notes" ADD CONSTRAINT "record_notes_batch_record" CHECK (("record_notes"."record_type" = 'batch' and "record_notes"."batch_id" is not distinct from "record_notes"."record_id" and "record_notes"."inspection_id" is null)
        or ("record_notes"."record_type" = 'inspection' and "record_notes"."batch_id" is not null and "record_notes"."inspection_id" is not distinct from "record_notes"."record_id")
        or ("record_notes"."record_type" not in ('batch', 'inspection') and "record_notes"."batch_id" is null and "record_notes"."inspection_id" is null));--> statement-breakpoint
CREATE OR REPLACE FUNCTION record_rows_never_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never changed: an edit is a new version', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER record_notes_never_updated BEFORE UPDATE ON record_notes FOR EACH ROW EXECUTE FUNCTION record_rows_never_updated();--> statement-breakpoint
CREATE TRIGGER record_attachments_never_updated BEFORE UPDATE ON record_attachments FOR EACH ROW EXECUTE FUNCTION record_rows_never_updated();
