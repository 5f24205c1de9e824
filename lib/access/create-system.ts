import type { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { systems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { requirePermission } from './require-permission';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { createSystemSchema, type SystemView } from './role-schemas';
import { loadSystem, keysOf } from './system-queries';

export async function createSystem(ctx: TenantContext, input: z.input<typeof createSystemSchema>): Promise<SystemView> {
  requirePermission(ctx, 'systems.manage');
  const data = parseInput(createSystemSchema, input);
  const [taken] = await ctx.db
    .select({ id: systems.id })
    .from(systems)
    .where(and(eq(systems.tenantId, ctx.tenant.id), eq(systems.slug, data.slug)));
  if (taken) throw conflict(`A system with the slug ${data.slug} already exists.`);
  await uniqueOr409(
    ctx.db.insert(systems).values({
      tenantId: ctx.tenant.id,
      slug: data.slug,
      name: data.name,
      description: data.description ?? null,
      permissions: keysOf(data.slug, data.permissions),
    }),
    `A system with the slug ${data.slug} already exists.`,
  );
  const created = await loadSystem(ctx.db, ctx.tenant.id, data.slug);
  await recordAudit(ctx, {
    action: 'system.created',
    targetType: 'system',
    targetId: created.id,
    before: null,
    after: { slug: created.slug, name: created.name, description: created.description, permissions: created.permissions },
  });
  return created;
}
