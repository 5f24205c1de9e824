import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { systems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { requirePermission } from './require-permission';
import { updateSystemSchema, type SystemView } from './role-schemas';
import { loadSystem, keysOf } from './system-queries';

export async function updateSystem(ctx: TenantContext, slug: string, input: z.input<typeof updateSystemSchema>): Promise<SystemView> {
  requirePermission(ctx, 'systems.manage');
  const data = parseInput(updateSystemSchema, input);
  const before = await loadSystem(ctx.db, ctx.tenant.id, slug);
  const permissions = data.permissions ? keysOf(slug, data.permissions) : before.permissions;
  const dropped = before.permissions.filter((p) => !permissions.includes(p));
  if (dropped.length > 0) {
    const used = rowsOf<{ permission: string }>(
      await ctx.db.execute(sql`
        select distinct rp.permission from role_permissions rp join roles r on r.id = rp.role_id
         where r.system_id = ${before.id} and rp.permission in ${sql`(${sql.join(
           dropped.map((d) => sql`${d}`),
           sql`, `,
         )})`}`),
    ).map((r) => r.permission);
    if (used.length > 0) throw conflict(`Roles of this system still grant ${used.sort().join(', ')}; remove them from those roles first.`);
  }
  await ctx.db
    .update(systems)
    .set({
      name: data.name ?? before.name,
      description: data.description === undefined ? before.description : data.description,
      permissions,
      active: data.active ?? before.active,
      updatedAt: sql`now()`,
    })
    .where(eq(systems.id, before.id));
  const after = await loadSystem(ctx.db, ctx.tenant.id, slug);
  await recordAudit(ctx, {
    action: 'system.updated',
    targetType: 'system',
    targetId: before.id,
    before: { name: before.name, description: before.description, permissions: before.permissions, active: before.active },
    after: { name: after.name, description: after.description, permissions: after.permissions, active: after.active },
  });
  return after;
}
