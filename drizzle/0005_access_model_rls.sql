-- Hand-written: tenant isolation and privileges for the access model (teams, overrides, systems).
ALTER TABLE roles ADD CONSTRAINT roles_system_id_systems_id_fk FOREIGN KEY (system_id) REFERENCES systems(id) ON DELETE RESTRICT;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON systems, teams, team_members, team_roles, member_overrides TO custos_app;
--> statement-breakpoint
ALTER TABLE systems ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE systems FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON systems USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE teams FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON teams USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE team_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE team_members FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON team_members USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE team_roles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE team_roles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON team_roles USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
ALTER TABLE member_overrides ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE member_overrides FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON member_overrides USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
