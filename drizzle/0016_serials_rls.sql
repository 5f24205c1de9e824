-- Hand-written: serials and their generation jobs under row-level security. Serials are never deleted: the
-- runtime role may read, insert and update them (status moves) and their jobs (progress, lease), nothing more.
-- Wiping out a tenant runs on the owner connection.
GRANT SELECT, INSERT, UPDATE ON serial_jobs, serials TO custos_app;
--> statement-breakpoint
ALTER TABLE serial_jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE serial_jobs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON serial_jobs USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE serials ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE serials FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON serials USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
-- Serials compare byte by byte (they are ASCII): the unique index and the keyset order are cheaper than under the
-- database's linguistic collation, and a range `from..to` means the same on every server. drizzle-kit does not
-- track collations, so this lives here; the tables are empty when it runs, the indexes are rebuilt with it.
ALTER TABLE serials ALTER COLUMN serial TYPE text COLLATE "C";
