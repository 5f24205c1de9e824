-- Hand-written: batch records under row-level security. Records are never deleted: the runtime role may
-- read, insert and update sites, batches and inspections, and only read and insert status history and
-- electronic signatures (no UPDATE, no DELETE anywhere). Wiping out a tenant runs on the owner connection.
GRANT SELECT, INSERT, UPDATE ON sites, batches, inspections TO custos_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON batch_transitions, electronic_signatures TO custos_app;
--> statement-breakpoint
ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sites FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sites USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE batches ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE batches FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON batches USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE batch_transitions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE batch_transitions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON batch_transitions USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE inspections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inspections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON inspections USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE electronic_signatures ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE electronic_signatures FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON electronic_signatures USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
-- An electronic signature re-checks the signer's password inside the tenant's transaction, where the
-- runtime role cannot read password hashes. This owner function hands out exactly one: that of the person
-- the transaction acts for (app.user_id), and only while they are an active member of the tenant in use.
CREATE FUNCTION signer_password_hash() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.password_hash FROM users u
   WHERE u.id = current_app_user_id()
     AND EXISTS (SELECT 1 FROM memberships m
                  WHERE m.user_id = u.id AND m.tenant_id = current_tenant_id() AND m.status = 'active')
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION signer_password_hash() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION signer_password_hash() TO custos_app;
--> statement-breakpoint
-- Whether the signer's account is locked out of sign-in (lib/auth/sign-in-guard.ts, kv store on PostgreSQL):
-- a locked account may not sign either. Only the lock of the person the transaction acts for is visible.
CREATE FUNCTION signer_sign_in_locked() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (
    SELECT 1 FROM kv_entries k JOIN users u ON k.key = 'signin:lock:acct:' || lower(u.email)
     WHERE u.id = current_app_user_id()
       AND (k.expires_at IS NULL OR k.expires_at > now())
       AND coalesce((k.value ->> 'until')::numeric, 0) > extract(epoch FROM clock_timestamp()) * 1000)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION signer_sign_in_locked() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION signer_sign_in_locked() TO custos_app;
