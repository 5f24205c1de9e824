import { and, asc, eq } from 'drizzle-orm';
import { memberRoles, memberships, roles, tenants } from '@/db/schema';
import { withTenant } from './with-tenant';

type MyTenant = { slug: string; name: string; status: 'active' | 'suspended'; roles: string[] };

/**
 * The tenants a person belongs to, with their roles in each. Runs with no tenant chosen, in the
 * user scope of row-level security: the policies show only this person's memberships and roles.
 */
export async function listMyTenants(userId: string): Promise<MyTenant[]> {
  const rows = await withTenant(
    null,
    (tx) =>
      tx
        .select({ slug: tenants.slug, name: tenants.name, status: tenants.status, role: roles.name })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .leftJoin(memberRoles, eq(memberRoles.membershipId, memberships.id))
        .leftJoin(roles, eq(roles.id, memberRoles.roleId))
        .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
        .orderBy(asc(tenants.name), asc(roles.name)),
    { userId },
  );
  const bySlug = new Map<string, MyTenant>();
  for (const row of rows) {
    const entry = bySlug.get(row.slug) ?? { slug: row.slug, name: row.name, status: row.status, roles: [] };
    if (row.role && !entry.roles.includes(row.role)) entry.roles.push(row.role);
    bySlug.set(row.slug, entry);
  }
  return [...bySlug.values()];
}
