-- Hand-written: notes and attachments on batch records under row-level security. They are never changed
-- or deleted: the runtime role may only read and insert (no UPDATE, no DELETE). Wiping out a tenant runs
-- on the owner connection.
GRANT SELECT, INSERT ON record_notes, record_attachments TO custos_app;
--> statement-breakpoint
ALTER TABLE record_notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE record_notes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON record_notes USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE record_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE record_attachments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON record_attachments USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
