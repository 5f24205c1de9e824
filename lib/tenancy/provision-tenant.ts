import { sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { memberRoles, memberships, rolePermissions, roles, tenants } from '@/db/schema';
import { DEFAULT_ROLES } from '@/lib/access/permissions';

/**
 * Create a tenant with the five default roles of API.md. Runs on the connection it is given, inside the
 * caller's transaction; the caller sets `app.tenant_id` (or is the owner) so RLS accepts the rows.
 * Used by the seed, the CLI and tenant creation.
 */
export async function provisionTenant(
  db: Queryable,
  input: { slug: string; name: string; planId: string; id?: string },
): Promise<{ id: string; roleIds: Record<string, string> }> {
  const [tenant] = await db
    .insert(tenants)
    .values({ id: input.id, slug: input.slug, name: input.name, planId: input.planId })
    .returning({ id: tenants.id });
  await db.execute(sql`select set_config('app.tenant_id', ${tenant.id}, true)`);
  const roleIds: Record<string, string> = {};
  for (const role of DEFAULT_ROLES) {
    const [row] = await db
      .insert(roles)
      .values({ tenantId: tenant.id, name: role.name, description: role.description, isDefault: true })
      .returning({ id: roles.id });
    roleIds[role.name] = row.id;
    await db.insert(rolePermissions).values(role.permissions.map((permission) => ({ tenantId: tenant.id, roleId: row.id, permission })));
  }
  return { id: tenant.id, roleIds };
}

/** Add a user to a tenant with the given role ids. */
export async function addMember(
  db: Queryable,
  input: { tenantId: string; userId: string; roleIds: string[] },
): Promise<{ membershipId: string }> {
  const [membership] = await db
    .insert(memberships)
    .values({ tenantId: input.tenantId, userId: input.userId })
    .returning({ id: memberships.id });
  if (input.roleIds.length > 0) {
    await db.insert(memberRoles).values(input.roleIds.map((roleId) => ({ tenantId: input.tenantId, membershipId: membership.id, roleId })));
  }
  return { membershipId: membership.id };
}
