-- Hand-written: access-review campaigns, their items and tasks are tenant data under row-level security (issue 21).
-- A closed campaign and a signed item are records: the runtime role may not change or delete them (the triggers
-- below refuse it), and a campaign is never deleted. Existing tenants' default admin role gains access_reviews.manage,
-- as new tenants' admin role has it from lib/access/permissions.ts.
GRANT SELECT, INSERT, UPDATE ON access_review_campaigns TO custos_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON access_review_items TO custos_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tasks TO custos_app;
--> statement-breakpoint
ALTER TABLE access_review_campaigns ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE access_review_campaigns FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON access_review_campaigns USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE access_review_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE access_review_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON access_review_items USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tasks USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
CREATE FUNCTION access_review_campaign_closed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION 'access review campaign % is closed and cannot be changed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER access_review_campaigns_closed_final BEFORE UPDATE ON access_review_campaigns FOR EACH ROW EXECUTE FUNCTION access_review_campaign_closed_is_final();
--> statement-breakpoint
CREATE FUNCTION access_review_item_signed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'access review item % is signed and cannot be changed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER access_review_items_signed_final BEFORE UPDATE ON access_review_items FOR EACH ROW EXECUTE FUNCTION access_review_item_signed_is_final();
--> statement-breakpoint
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', t.id::text, true);
    INSERT INTO role_permissions (tenant_id, role_id, permission)
      SELECT r.tenant_id, r.id, 'access_reviews.manage'
      FROM roles r
      WHERE r.tenant_id = t.id AND r.name = 'admin' AND r.is_default AND r.system_id IS NULL
    ON CONFLICT DO NOTHING;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END
$$;
