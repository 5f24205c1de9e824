import { eq } from 'drizzle-orm';
import { seatsOf } from '@/lib/invitations/seats';
import type { Queryable } from '@/db/client';
import { tenants, type TenantSettings } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { DEFAULT_PASSWORD_POLICY } from '@/lib/auth/password-policy';
import type { TenantView } from './schemas';

/** The password rules of a tenant that has not changed them (and of a person with no membership). */
export { DEFAULT_PASSWORD_POLICY };

export const DEFAULT_SETTINGS: TenantView['settings'] = {
  sessionTimeoutMinutes: 480,
  signatureRequiresPassword: true,
  mfaRequired: 'off',
  ssoRequired: false,
  deactivateAfterDays: null,
  passwordPolicy: DEFAULT_PASSWORD_POLICY,
  memberAttributes: [],
};

/** A tenant's stored settings with every default filled in (the password rules field by field). */
export function settingsWithDefaults(stored: TenantSettings | null | undefined): TenantView['settings'] {
  const settings: TenantSettings = stored ?? {};
  return {
    ...DEFAULT_SETTINGS,
    ...settings,
    passwordPolicy: { ...DEFAULT_PASSWORD_POLICY, ...settings.passwordPolicy },
    memberAttributes: settings.memberAttributes ?? [],
  };
}

export function tenantView(row: typeof tenants.$inferSelect): TenantView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    plan: row.planId,
    status: row.status,
    settings: settingsWithDefaults(row.settings),
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
