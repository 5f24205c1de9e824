import type { z } from 'zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rolePermissions, roles, systems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { assertMayGive, keepingAFullAdmin } from './member-guards';
import { mayRemoveFromRole } from './policy';
import { requirePermission } from './require-permission';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { updateRoleSchema, type RoleView } from './role-schemas';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { strip, loadRole, checkKeys, assertNameFree } from './role-queries';

export async function updateRole(ctx: TenantContext, id: string, input: z.input<typeof updateRoleSchema>): Promise<RoleView> {
  requirePermission(ctx, 'roles.manage');
  const data = parseInput(updateRoleSchema, input);
  if (data.permissions !== undefined) await requireRecentSecondFactor(ctx); // step-up: a role's permissions (not its name alone)
  const before = await loadRole(ctx.db, ctx.tenant.id, id);
  if (data.name !== undefined && data.name !== before.name) {
    if (before.isDefault) throw conflict(`The default role ${before.name} cannot be renamed.`);
    await assertNameFree(ctx.db, ctx.tenant.id, data.name, before.systemId, id);
  }
  let added: string[] = [];
  let removed: string[] = [];
  if (data.permissions) {
    let system: { slug: string; permissions: string[] } | null = null;
    if (before.systemId) {
      const [found] = await ctx.db
        .select({ slug: systems.slug, permissions: systems.permissions })
        .from(systems)
        .where(eq(systems.id, before.systemId));
      system = found ?? { slug: before.system?.slug ?? '?', permissions: [] };
    }
    checkKeys(data.permissions, system);
    added = data.permissions.filter((p) => !before.permissions.includes(p));
    removed = before.permissions.filter((p) => !data.permissions!.includes(p));
    const removal = mayRemoveFromRole(before, removed);
    if (!removal.allowed) throw conflict(removal.reason);
    assertMayGive(ctx, added);
  }
  await uniqueOr409(
    ctx.db
      .update(roles)
      .set({
        name: data.name ?? before.name,
        description: data.description === undefined ? before.description : data.description,
        updatedAt: sql`now()`,
      })
      .where(eq(roles.id, id)),
    `A role named ${data.name ?? before.name} already exists ${before.systemId ? 'in this system' : 'in this tenant'}.`,
  );
  if (removed.length > 0) {
    // Taking permissions from a role may take a full admin's away (a custom role, or a team's): 409 if the last.
    await keepingAFullAdmin(ctx, () =>
      ctx.db.delete(rolePermissions).where(and(eq(rolePermissions.roleId, id), inArray(rolePermissions.permission, removed))),
    );
  }
  if (added.length > 0) {
    await ctx.db.insert(rolePermissions).values(added.map((permission) => ({ tenantId: ctx.tenant.id, roleId: id, permission })));
  }
  const after = await loadRole(ctx.db, ctx.tenant.id, id);
  await recordAudit(ctx, {
    action: 'role.updated',
    targetType: 'role',
    targetId: id,
    before: { name: before.name, description: before.description, permissions: before.permissions },
    after: { name: after.name, description: after.description, permissions: after.permissions },
  });
  return strip(after);
}
