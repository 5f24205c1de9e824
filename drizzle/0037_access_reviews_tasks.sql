CREATE TABLE "access_review_campaigns" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scope" jsonb NOT NULL,
	"reviewers" jsonb NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"recurrence" text DEFAULT 'none' NOT NULL,
	"previous_campaign_id" uuid,
	"owner_id" uuid NOT NULL,
	"owner_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closing_signature_id" uuid,
	"report_pdf" "bytea",
	"report_csv" text,
	"report_sha256" text
);
--> statement-breakpoint
CREATE TABLE "access_review_items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"reviewer_name" text NOT NULL,
	"membership_id" uuid NOT NULL,
	"subject_user_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"subject_email" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"decision" text,
	"change" jsonb,
	"comment" text,
	"decided_at" timestamp with time zone,
	"signature_id" uuid,
	"signed_at" timestamp with time zone,
	"applied_change" jsonb
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"due_on" date,
	"assignee_id" uuid,
	"assignee_name" text,
	"record_type" text,
	"record_id" uuid,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"completed_at" timestamp with time zone,
	"overdue_mailed_at" timestamp with time zone,
	CONSTRAINT "tasks_title_length" CHECK (char_length("tasks"."title") between 1 and 200),
	CONSTRAINT "tasks_record_whole" CHECK (("tasks"."record_type" is null) = ("tasks"."record_id" is null))
);
--> statement-breakpoint
ALTER TABLE "access_review_campaigns" ADD CONSTRAINT "access_review_campaigns_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_review_campaigns_tenant_id_key" ON "access_review_campaigns" USING btree ("tenant_id","id");--> statement-breakpoint
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_campaign_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."access_review_campaigns"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_review_campaigns_tenant_status_idx" ON "access_review_campaigns" USING btree ("tenant_id","status","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "access_review_campaigns_previous_key" ON "access_review_campaigns" USING btree ("tenant_id","previous_campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "access_review_items_campaign_reviewer_member_key" ON "access_review_items" USING btree ("tenant_id","campaign_id","reviewer_id","membership_id");--> statement-breakpoint
CREATE INDEX "access_review_items_tenant_reviewer_idx" ON "access_review_items" USING btree ("tenant_id","reviewer_id","signed_at");--> statement-breakpoint
CREATE INDEX "tasks_tenant_assignee_idx" ON "tasks" USING btree ("tenant_id","assignee_id","status","due_on");--> statement-breakpoint
CREATE INDEX "tasks_tenant_status_due_idx" ON "tasks" USING btree ("tenant_id","status","due_on");--> statement-breakpoint
CREATE INDEX "tasks_tenant_record_idx" ON "tasks" USING btree ("tenant_id","record_type","record_id");