import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { memberRoles, memberships, rolePermissions, roles } from '@/db/schema';

export type MemberAccess = { membershipId: string; roles: string[]; permissions: Set<string> };

/**
 * A member's effective permissions in the tenant of `tx`, in one query: the union of their roles'
 * permissions. (Teams, direct grants and explicit denies join this with the access-control issue.)
 * Returns null when the user is not an active member: callers answer 404, never revealing the tenant.
 */
export async function loadMemberAccess(tx: Tx, tenantId: string, userId: string): Promise<MemberAccess | null> {
  const rows = await tx
    .select({ membershipId: memberships.id, role: roles.name, permission: rolePermissions.permission })
    .from(memberships)
    .leftJoin(memberRoles, eq(memberRoles.membershipId, memberships.id))
    .leftJoin(roles, eq(roles.id, memberRoles.roleId))
    .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId), eq(memberships.status, 'active')));
  if (rows.length === 0) return null;
  const roleNames = new Set<string>();
  const permissions = new Set<string>();
  for (const row of rows) {
    if (row.role) roleNames.add(row.role);
    if (row.permission) permissions.add(row.permission);
  }
  return { membershipId: rows[0].membershipId, roles: [...roleNames].sort(), permissions };
}
