-- Hand-written: a tenant request's session lookup inside the tenant's transaction, as the runtime role.
-- custos_app may not read `sessions` (nor users.is_platform_admin), so the request path used to read the session row
-- as the owner, ahead of the tenant setup, in a statement of its own. This owner function hands out exactly one
-- session's facts: the caller must name both the session id and its person (both from the signed cookie or token),
-- and it answers nothing unless the session is neither revoked nor expired and the account is not deactivated.
-- No secret (no hash, no token) is in it. Everything else the request loads (the member's access, password age,
-- "SSO required" facts) stays under the tables' own grants and row-level security, in the same statement
-- (lib/tenancy/session-facts.ts). Safer than reading those as the owner: only these columns leave the function.
CREATE FUNCTION live_session_facts(p_session_id uuid, p_user_id uuid)
RETURNS TABLE (
  is_platform_admin boolean,
  last_seen_at timestamptz,
  started_at timestamptz,
  mfa_verified_at timestamptz,
  auth_method text,
  sso_connection_id uuid
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.is_platform_admin, s.last_seen_at, s.created_at, s.mfa_verified_at, s.auth_method, s.sso_connection_id
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.id = p_session_id AND s.user_id = p_user_id
     AND s.revoked_at IS NULL AND s.expires_at > now()
     AND u.deactivated_at IS NULL
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION live_session_facts(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION live_session_facts(uuid, uuid) TO custos_app;
