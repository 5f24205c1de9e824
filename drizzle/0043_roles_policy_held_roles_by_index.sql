-- Hand-written: the same rows as 0001's roles policy, found by index. Besides the tenant in use, a person sees the
-- roles they hold elsewhere (for "your tenants" and /me). 0001 said "roles named by any member_roles row I can see",
-- which the planner answered by reading member_roles whole, every tenant's, whenever a role of another tenant was
-- looked at: the "your tenants" list (every console page's tenant switcher, GET /api/v1/me) cost 70 ms of database
-- CPU among 100,000 members. Naming the person's memberships here lets it walk memberships → member_roles by index
-- (1.6 ms). The rows are the same: member_roles shows the tenant's own rows (whose roles the first arm already shows)
-- and the person's, and the person's are exactly these. One row only the old wording let through is gone: another
-- tenant's role named by this tenant's member_roles row (nothing in the database forbids one; the application never
-- writes one).
ALTER POLICY tenant_isolation ON roles
  USING (tenant_id = current_tenant_id()
         OR id IN (SELECT role_id FROM member_roles
                    WHERE membership_id IN (SELECT id FROM memberships WHERE user_id = current_app_user_id())));
