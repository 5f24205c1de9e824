-- Hand-written: a signed-in person sees the pending invitations addressed to their (verified) email across tenants,
-- for GET /api/v1/me (lib/auth/get-me.ts). The server names that email, lowercased, in app.invitee_email inside a
-- read-only transaction of its own; the policy adds reading (never writing) those rows to tenant_isolation.
CREATE POLICY invitee_read ON invitations FOR SELECT
  USING (email = nullif(current_setting('app.invitee_email', true), ''));
