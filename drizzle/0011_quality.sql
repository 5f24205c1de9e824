CREATE TABLE "batch_transitions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"signature_id" uuid,
	"occurred_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_number" text NOT NULL,
	"product_name" text NOT NULL,
	"gtin" text,
	"site_id" uuid NOT NULL,
	"planned_quantity" integer NOT NULL,
	"expires_on" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "electronic_signatures" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"signer_id" uuid NOT NULL,
	"signer_name" text NOT NULL,
	"meaning" text NOT NULL,
	"reason" text,
	"record_hash" text NOT NULL,
	"signed_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"type" text NOT NULL,
	"lot_size" integer,
	"sample_size" integer NOT NULL,
	"characteristics" jsonb NOT NULL,
	"defects" jsonb NOT NULL,
	"result" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"performed_by" uuid NOT NULL,
	"performed_by_name" text NOT NULL,
	"performed_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"reviewed_by" uuid,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"review_reason" text,
	"retest_of" uuid
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"license_number" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "batch_transitions_tenant_batch_idx" ON "batch_transitions" USING btree ("tenant_id","batch_id","occurred_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "batches_tenant_number_key" ON "batches" USING btree ("tenant_id","batch_number");
--> statement-breakpoint
CREATE UNIQUE INDEX "batches_tenant_id_key" ON "batches" USING btree ("tenant_id","id");
--> statement-breakpoint
CREATE INDEX "batches_tenant_created_idx" ON "batches" USING btree ("tenant_id","created_at");
--> statement-breakpoint
CREATE INDEX "batches_tenant_status_idx" ON "batches" USING btree ("tenant_id","status","created_at");
--> statement-breakpoint
CREATE INDEX "batches_tenant_site_idx" ON "batches" USING btree ("tenant_id","site_id");
--> statement-breakpoint
CREATE INDEX "electronic_signatures_tenant_record_idx" ON "electronic_signatures" USING btree ("tenant_id","record_type","record_id","signed_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_tenant_id_key" ON "inspections" USING btree ("tenant_id","id");
--> statement-breakpoint
CREATE INDEX "inspections_tenant_batch_idx" ON "inspections" USING btree ("tenant_id","batch_id","performed_at");
--> statement-breakpoint
CREATE INDEX "inspections_tenant_status_idx" ON "inspections" USING btree ("tenant_id","status");
--> statement-breakpoint
CREATE UNIQUE INDEX "sites_tenant_code_key" ON "sites" USING btree ("tenant_id","code");
--> statement-breakpoint
CREATE UNIQUE INDEX "sites_tenant_id_key" ON "sites" USING btree ("tenant_id","id");
--> statement-breakpoint
CREATE INDEX "sites_tenant_name_idx" ON "sites" USING btree ("tenant_id","name");
--> statement-breakpoint
ALTER TABLE "batch_transitions" ADD CONSTRAINT "batch_transitions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "batch_transitions" ADD CONSTRAINT "batch_transitions_signature_id_electronic_signatures_id_fk" FOREIGN KEY ("signature_id") REFERENCES "public"."electronic_signatures"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "batch_transitions" ADD CONSTRAINT "batch_transitions_batch_fk" FOREIGN KEY ("tenant_id","batch_id") REFERENCES "public"."batches"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_site_fk" FOREIGN KEY ("tenant_id","site_id") REFERENCES "public"."sites"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "electronic_signatures" ADD CONSTRAINT "electronic_signatures_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_batch_fk" FOREIGN KEY ("tenant_id","batch_id") REFERENCES "public"."batches"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_retest_of_fk" FOREIGN KEY ("tenant_id","retest_of") REFERENCES "public"."inspections"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
