-- Hand-written: existing tenants' default admin role gains webhooks.manage (issue 20), as new tenants' admin role has
-- it from lib/access/permissions.ts. role_permissions is FORCEd under row-level security, so each tenant is chosen in
-- turn (app.tenant_id) and its rows written under its own policy; a tenant that already has the key is left as it is.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', t.id::text, true);
    INSERT INTO role_permissions (tenant_id, role_id, permission)
      SELECT r.tenant_id, r.id, 'webhooks.manage'
      FROM roles r
      WHERE r.tenant_id = t.id AND r.name = 'admin' AND r.is_default AND r.system_id IS NULL
    ON CONFLICT DO NOTHING;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END
$$;
