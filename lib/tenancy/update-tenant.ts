import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { tenants, type TenantSettings } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { validationFailed } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { assertSsoRequirable } from '@/lib/sso/domains/sso-required';
import { loadTenantRow, tenantView } from './get-tenant';
import { updateTenantSchema, type MemberAttributeDefinition, type TenantView, type UpdateTenantInput } from './schemas';

/**
 * The stored settings after a change: fields sent replace the stored ones, except the password rules, whose
 * fields are merged one by one over the current rules (`{passwordPolicy: {minLength: 14}}` keeps the rest).
 */
export function mergeSettings(stored: TenantSettings | null | undefined, change: UpdateTenantInput['settings']): TenantSettings {
  const current: TenantSettings = stored ?? {};
  if (!change) return current;
  const merged: TenantSettings = { ...current, ...change };
  if (change.passwordPolicy) merged.passwordPolicy = { ...current.passwordPolicy, ...change.passwordPolicy };
  return merged;
}

/** Rename the tenant or change its session, signature, sign-in security and password settings. Needs `tenant.update`; audited. */
export async function updateTenant(ctx: TenantContext, input: z.input<typeof updateTenantSchema>): Promise<TenantView> {
  requirePermission(ctx, 'tenant.update');
  const data = parseInput(updateTenantSchema, input);
  const before = await loadTenantRow(ctx.db, ctx.tenant.id);
  assertAttributeTypesKept(before.settings?.memberAttributes ?? [], data.settings?.memberAttributes);
  if (data.settings?.ssoRequired === true && before.settings?.ssoRequired !== true) await assertSsoRequirable(ctx);
  const [after] = await ctx.db
    .update(tenants)
    .set({
      name: data.name ?? before.name,
      settings: mergeSettings(before.settings, data.settings),
      updatedAt: sql`now()`,
    })
    .where(eq(tenants.id, ctx.tenant.id))
    .returning();
  await recordAudit(ctx, {
    action: 'tenant.updated',
    targetType: 'tenant',
    targetId: ctx.tenant.id,
    before: { name: before.name, settings: before.settings },
    after: { name: after.name, settings: after.settings },
  });
  return tenantView(after);
}

/**
 * An existing member attribute keeps its kind of value: members' stored values were checked against it. Changing it
 * is a 400 naming the definition's type (remove the attribute, then add a new one under another key).
 */
function assertAttributeTypesKept(
  stored: NonNullable<TenantSettings['memberAttributes']>,
  change: MemberAttributeDefinition[] | undefined,
): void {
  if (!change) return;
  const typeOf = new Map(stored.map((def) => [def.key, def.type]));
  const errors = change.flatMap((def, i) => {
    const was = typeOf.get(def.key);
    return was && was !== def.type
      ? [
          {
            path: `settings.memberAttributes.${i}.type`,
            message: `An existing attribute keeps its type (${was}). Add a new attribute for another type.`,
          },
        ]
      : [];
  });
  if (errors.length) throw validationFailed(errors);
}
