CREATE TABLE "serial_jobs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"gtin" text NOT NULL,
	"requested" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"runner" text,
	"heartbeat_at" timestamp with time zone,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "serial_jobs_counts_check" CHECK ("serial_jobs"."requested" between 1 and 1000000 and "serial_jobs"."done" between 0 and "serial_jobs"."requested")
);
--> statement-breakpoint
CREATE TABLE "serials" (
	"tenant_id" uuid NOT NULL,
	"gtin" text NOT NULL,
	"serial" text NOT NULL,
	"batch_id" uuid NOT NULL,
	"status" text DEFAULT 'commissioned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "serials_serial_format_check" CHECK ("serials"."serial" ~ '^[0-9A-HJKMNP-TV-Z]{12}$')
);
--> statement-breakpoint
ALTER TABLE "serial_jobs" ADD CONSTRAINT "serial_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "serial_jobs" ADD CONSTRAINT "serial_jobs_batch_fk" FOREIGN KEY ("tenant_id","batch_id") REFERENCES "public"."batches"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "serials" ADD CONSTRAINT "serials_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "serials" ADD CONSTRAINT "serials_batch_fk" FOREIGN KEY ("tenant_id","batch_id") REFERENCES "public"."batches"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "serial_jobs_tenant_status_idx" ON "serial_jobs" USING btree ("tenant_id","status","heartbeat_at");--> statement-breakpoint
CREATE INDEX "serial_jobs_tenant_batch_idx" ON "serial_jobs" USING btree ("tenant_id","batch_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "serials_tenant_gtin_serial_key" ON "serials" USING btree ("tenant_id","gtin","serial");--> statement-breakpoint
CREATE INDEX "serials_tenant_batch_serial_idx" ON "serials" USING btree ("tenant_id","batch_id","serial");--> statement-breakpoint
CREATE INDEX "serials_tenant_batch_status_idx" ON "serials" USING btree ("tenant_id","batch_id","status","serial");