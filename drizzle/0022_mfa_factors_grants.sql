-- Hand-written: what the runtime role (custos_app) may touch of second factors (global identity tables, no RLS).
-- Tenant work (the MFA policy gate, the member page) asks whether a person has a factor: it may read the columns
-- that say so, never a secret, a public key or a code hash. Everything else runs on the owner connection.
GRANT SELECT (user_id, confirmed_at) ON totp_secrets TO custos_app;
--> statement-breakpoint
GRANT SELECT (id, user_id, name, created_at, last_used_at) ON webauthn_credentials TO custos_app;
--> statement-breakpoint
GRANT SELECT (id, user_id, used_at) ON recovery_codes TO custos_app;
--> statement-breakpoint
-- A tenant admin resets a member's second factors inside the tenant's transaction (lib/tenancy/reset-member-second-factors.ts),
-- where the runtime role may not delete factors. This owner function deletes exactly those of the person holding
-- the given membership of the tenant in use (app.tenant_id), and nobody else's: another tenant's membership,
-- or a removed one, resets nothing and returns no row.
CREATE FUNCTION reset_member_second_factors(p_membership_id uuid)
RETURNS TABLE (reset_user_id uuid, totp_removed boolean, passkeys_removed integer, recovery_codes_removed integer)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH target AS (
    SELECT m.user_id FROM memberships m
     WHERE m.id = p_membership_id AND m.tenant_id = current_tenant_id() AND m.status <> 'removed'
  ), t AS (
    DELETE FROM totp_secrets s USING target WHERE s.user_id = target.user_id RETURNING s.confirmed_at
  ), w AS (
    DELETE FROM webauthn_credentials c USING target WHERE c.user_id = target.user_id RETURNING c.id
  ), r AS (
    DELETE FROM recovery_codes rc USING target WHERE rc.user_id = target.user_id RETURNING rc.used_at
  )
  SELECT target.user_id,
         EXISTS (SELECT 1 FROM t WHERE t.confirmed_at IS NOT NULL),
         (SELECT count(*)::int FROM w),
         (SELECT count(*)::int FROM r WHERE r.used_at IS NULL)
    FROM target
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION reset_member_second_factors(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION reset_member_second_factors(uuid) TO custos_app;
