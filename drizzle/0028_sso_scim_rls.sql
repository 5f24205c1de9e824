-- Hand-written: SSO connections, their identities and replay guard, tenant domains and SCIM tokens are tenant data
-- under row-level security. The runtime role reads and writes them within its tenant; SCIM tokens and connections are
-- revoked or disabled, never deleted by it except a connection (its identities and assertion ids go with it).
-- Finding which tenant verified an email's domain (the sign-in page, before any tenant is known) runs on the owner
-- connection.
GRANT SELECT, INSERT, UPDATE, DELETE ON sso_connections, sso_identities, saml_assertion_ids, tenant_domains TO custos_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON scim_tokens TO custos_app;
--> statement-breakpoint
ALTER TABLE sso_connections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sso_connections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sso_connections USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE sso_identities ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sso_identities FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sso_identities USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE saml_assertion_ids ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE saml_assertion_ids FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON saml_assertion_ids USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE tenant_domains ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenant_domains FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenant_domains USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE scim_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE scim_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON scim_tokens USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
