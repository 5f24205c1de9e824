-- Hand-written: what drizzle-kit cannot express.
-- 1. custos_app, the non-owner role tenant work runs as (SET LOCAL ROLE), so row-level security applies.
-- 2. FORCE ROW LEVEL SECURITY and tenant policies on every tenant-owned table.
-- 3. The audit trail: append-only triggers and the per-tenant hash chain.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'custos_app') THEN
    CREATE ROLE custos_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'custos_app', 'MEMBER') THEN
    EXECUTE format('GRANT custos_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO custos_app;
--> statement-breakpoint
GRANT SELECT ON plans TO custos_app;
--> statement-breakpoint
-- Global identity is readable by tenant work, but never the password hash.
GRANT SELECT (id, email, name, description, email_verified_at, last_sign_in_at, created_at) ON users TO custos_app;
--> statement-breakpoint
GRANT SELECT, UPDATE (name, settings, updated_at) ON tenants TO custos_app;
--> statement-breakpoint
-- The tenant registry is not tenant-owned (slugs are resolved before a tenant is chosen), so it is not
-- FORCEd: the owner connection reads it whole. The runtime role sees the tenant in use and the tenants
-- the current user belongs to.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, roles, role_permissions, member_roles TO custos_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events TO custos_app;
--> statement-breakpoint
CREATE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION current_app_user_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A member sees the rows of the tenant in use and, to list "your tenants", their own memberships.
CREATE POLICY tenant_isolation ON memberships
  USING (tenant_id = current_tenant_id() OR user_id = current_app_user_id())
  WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
CREATE POLICY tenant_self ON tenants
  USING (id = current_tenant_id() OR id IN (SELECT tenant_id FROM memberships WHERE user_id = current_app_user_id()))
  WITH CHECK (id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Besides the tenant in use, a person sees the roles they hold elsewhere (for "your tenants" and /me).
CREATE POLICY tenant_isolation ON roles
  USING (tenant_id = current_tenant_id() OR id IN (SELECT role_id FROM member_roles))
  WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE role_permissions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE role_permissions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON role_permissions USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE member_roles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE member_roles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON member_roles
  USING (tenant_id = current_tenant_id()
         OR membership_id IN (SELECT id FROM memberships WHERE user_id = current_app_user_id()))
  WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The runtime role reads and appends its tenant's events only; the platform trail (tenant_id null)
-- is read through the owner connection by platform administrators.
CREATE POLICY tenant_isolation ON audit_events USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
-- Audit chain: the canonical form hashed for each event. Any change to a stored field changes it.
CREATE FUNCTION audit_canonical(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'id', e.id, 'tenantId', e.tenant_id, 'seq', e.seq,
    'occurredAt', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'actorType', e.actor_type, 'actorId', e.actor_id, 'actorName', e.actor_name,
    'action', e.action, 'targetType', e.target_type, 'targetId', e.target_id,
    'before', e.before, 'after', e.after, 'reason', e.reason,
    'requestId', e.request_id, 'ip', e.ip, 'userAgent', e.user_agent
  )::text
$$;
--> statement-breakpoint
CREATE FUNCTION audit_event_hash(prev_hash text, e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev_hash || '|' || audit_canonical(e), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Runs as the owner (SECURITY DEFINER) so the runtime role never writes chain heads itself.
-- The row lock on the chain head serializes writers of one tenant; other tenants do not wait.
CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  k text := coalesce(NEW.tenant_id::text, 'platform');
  head audit_chain_heads%ROWTYPE;
BEGIN
  INSERT INTO audit_chain_heads (chain_key, seq, hash) VALUES (k, 0, repeat('0', 64))
    ON CONFLICT (chain_key) DO NOTHING;
  SELECT * INTO head FROM audit_chain_heads WHERE chain_key = k FOR UPDATE;
  NEW.seq := head.seq + 1;
  NEW.occurred_at := clock_timestamp();
  NEW.prev_hash := head.hash;
  NEW.hash := audit_event_hash(head.hash, NEW);
  UPDATE audit_chain_heads SET seq = NEW.seq, hash = NEW.hash WHERE chain_key = k;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
REVOKE ALL ON audit_chain_heads FROM PUBLIC;
--> statement-breakpoint
INSERT INTO plans (id, name, seat_limit) VALUES ('starter', 'Starter', 5), ('team', 'Team', 25), ('enterprise', 'Enterprise', NULL)
  ON CONFLICT (id) DO NOTHING;
