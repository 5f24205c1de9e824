import { eq } from 'drizzle-orm';
import { systems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { requirePermission } from './require-permission';
import { loadSystem } from './system-queries';

export async function deleteSystem(ctx: TenantContext, slug: string): Promise<void> {
  requirePermission(ctx, 'systems.manage');
  const before = await loadSystem(ctx.db, ctx.tenant.id, slug);
  if (before.roleCount > 0) throw conflict(`The system ${slug} has ${before.roleCount} role(s); delete them first.`);
  await ctx.db.delete(systems).where(eq(systems.id, before.id));
  await recordAudit(ctx, {
    action: 'system.deleted',
    targetType: 'system',
    targetId: before.id,
    before: { slug: before.slug, name: before.name, description: before.description, permissions: before.permissions },
    after: null,
  });
}
