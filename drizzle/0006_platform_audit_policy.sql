-- Hand-written: the platform trail (tenant_id null) belongs to the owner connection.
-- With FORCE ROW LEVEL SECURITY the policy binds the table owner too, and on managed PostgreSQL the owner
-- is no superuser: without this clause it could neither write nor read platform events. The runtime role
-- (custos_app, used for all tenant work) still sees and writes only its tenant's events.
ALTER POLICY tenant_isolation ON audit_events
  USING (tenant_id = current_tenant_id() OR (tenant_id IS NULL AND current_user <> 'custos_app'))
  WITH CHECK (tenant_id = current_tenant_id() OR (tenant_id IS NULL AND current_user <> 'custos_app'));
