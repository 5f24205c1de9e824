-- Hand-written: invitations under row-level security.
GRANT SELECT, INSERT, UPDATE ON invitations TO custos_app;
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The invitee's link is followed before its tenant is known: the lookup names the SHA-256 of the token in
-- app.invitation_token_hash (one transaction, one statement) and may then read that single row.
CREATE POLICY tenant_isolation ON invitations
  USING (tenant_id = current_tenant_id() OR token_hash = nullif(current_setting('app.invitation_token_hash', true), ''))
  WITH CHECK (tenant_id = current_tenant_id());
