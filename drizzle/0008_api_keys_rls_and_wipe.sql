-- Hand-written: API keys under row-level security, and the one way audit events may ever be deleted.
GRANT SELECT, INSERT, UPDATE ON api_keys TO custos_app;
--> statement-breakpoint
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A bearer key is resolved before its tenant is known: the resolver names the key's public prefix in
-- app.api_key_prefix (one transaction, one statement) and may then read that single row.
CREATE POLICY tenant_isolation ON api_keys
  USING (tenant_id = current_tenant_id() OR prefix = nullif(current_setting('app.api_key_prefix', true), ''))
  WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
-- Wiping out a tenant (platform admins, confirmed by typing the slug) removes its audit events too.
-- Only the owner connection, only inside the wipe's transaction that names the tenant in
-- custos.wipe_tenant_id, and only that tenant's rows; everything else stays append-only.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_user <> 'custos_app'
     AND OLD.tenant_id IS NOT NULL
     AND OLD.tenant_id::text = nullif(current_setting('custos.wipe_tenant_id', true), '') THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
