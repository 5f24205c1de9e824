import { eq } from 'drizzle-orm';
import { seatsOf } from '@/lib/invitations/seats';
import type { Queryable } from '@/db/client';
import { tenants, type TenantSettings } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import type { TenantView } from './schemas';

export const DEFAULT_SETTINGS = { sessionTimeoutMinutes: 480, signatureRequiresPassword: true } as const;

export function tenantView(row: typeof tenants.$inferSelect): TenantView {
  const settings: TenantSettings = row.settings ?? {};
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    plan: row.planId,
    status: row.status,
    settings: { ...DEFAULT_SETTINGS, ...settings },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function loadTenantRow(db: Queryable, id: string) {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  if (!row) throw notFound('tenant');
  return row;
}

/** The tenant in use, with its plan and settings. Needs `tenant.read`. */
export async function getTenant(ctx: TenantContext): Promise<TenantView> {
  requirePermission(ctx, 'tenant.read');
  const row = await loadTenantRow(ctx.db, ctx.tenant.id);
  return { ...tenantView(row), seats: await seatsOf(ctx.db, row.id) };
}
