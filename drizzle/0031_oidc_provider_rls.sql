-- Hand-written: a system's OpenID clients are tenant data under row-level security; the runtime role reads and writes
-- them within its tenant. The provider finds a client by its public client id on the owner connection (before any
-- tenant is known), as it keeps its own storage (oidc_payloads), the issued JWT access tokens (oidc_issued_tokens, under row-level security all the same) and
-- the signing keys (signing_keys): the runtime role has no grant on those three.
GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_clients TO custos_app;
--> statement-breakpoint
ALTER TABLE oidc_clients ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE oidc_clients FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON oidc_clients USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE oidc_issued_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE oidc_issued_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON oidc_issued_tokens USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
