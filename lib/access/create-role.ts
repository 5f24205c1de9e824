import type { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { rolePermissions, roles, systems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { assertMayGive } from './member-guards';
import { requirePermission } from './require-permission';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { createRoleSchema, type RoleView } from './role-schemas';
import { strip, loadRole, checkKeys, assertNameFree } from './role-queries';
import { uniqueOr409 } from '@/lib/unique-or-409';

export async function createRole(ctx: TenantContext, input: z.input<typeof createRoleSchema>): Promise<RoleView> {
  requirePermission(ctx, 'roles.manage');
  const data = parseInput(createRoleSchema, input);
  await requireRecentSecondFactor(ctx); // step-up: a role's permissions
  let system: { id: string; slug: string; permissions: string[] } | null = null;
  if (data.system) {
    const [found] = await ctx.db
      .select({ id: systems.id, slug: systems.slug, permissions: systems.permissions })
      .from(systems)
      .where(and(eq(systems.tenantId, ctx.tenant.id), eq(systems.slug, data.system)));
    if (!found) throw validationFailed([{ path: 'system', message: `No system ${data.system} in this tenant.` }]);
    system = found;
  }
  checkKeys(data.permissions, system);
  assertMayGive(ctx, data.permissions);
  await assertNameFree(ctx.db, ctx.tenant.id, data.name, system?.id ?? null);
  const [row] = await uniqueOr409(
    ctx.db
      .insert(roles)
      .values({ tenantId: ctx.tenant.id, name: data.name, description: data.description ?? null, systemId: system?.id ?? null })
      .returning({ id: roles.id }),
    `A role named ${data.name} already exists ${system ? 'in this system' : 'in this tenant'}.`,
  );
  if (data.permissions.length > 0) {
    await ctx.db
      .insert(rolePermissions)
      .values(data.permissions.map((permission) => ({ tenantId: ctx.tenant.id, roleId: row.id, permission })));
  }
  const created = strip(await loadRole(ctx.db, ctx.tenant.id, row.id));
  await recordAudit(ctx, {
    action: 'role.created',
    targetType: 'role',
    targetId: created.id,
    before: null,
    after: { name: created.name, description: created.description, system: created.system?.slug ?? null, permissions: created.permissions },
  });
  return created;
}
