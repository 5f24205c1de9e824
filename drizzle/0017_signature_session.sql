ALTER TABLE "electronic_signatures" ADD COLUMN "session_id" uuid;--> statement-breakpoint
ALTER TABLE "electronic_signatures" ADD COLUMN "password_entered" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "electronic_signatures_tenant_signer_session_idx" ON "electronic_signatures" USING btree ("tenant_id","signer_id","session_id");