import type { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { memberOverrides, systems } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { forbidden, validationFailed, type FieldError } from '@/lib/errors';
import { loadActiveMember } from '@/lib/tenancy/members';
import { memberParamsSchema } from '@/lib/tenancy/member-schemas';
import { parseInput } from '@/lib/validation';
import { assertMayManageMembers, keepingAFullAdmin } from './member-guards';
import { loadOverrides } from './member-permissions';
import { setOverridesSchema, type Overrides } from './override-schemas';
import { ungrantableOverrides } from './policy';
import { isPermission } from './permissions';
import { requirePermission } from './require-permission';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';

/**
 * Replace a member's direct grants and explicit denies. Needs members.update. Keys are catalog
 * permissions or keys a registered system declares (`<slug>:<resource.action>`); nobody edits their own
 * overrides (403), nor those of a member holding a permission the actor may not grant (403), nor grants a
 * permission they do not hold (403). Denying is allowed, except the last full admin's admin permissions (409).
 */
export async function setOverrides(ctx: TenantContext, id: string, input: z.input<typeof setOverridesSchema>): Promise<Overrides> {
  requirePermission(ctx, 'members.update');
  const { id: membershipId } = parseInput(memberParamsSchema.pick({ id: true }), { id });
  const data = parseInput(setOverridesSchema, input);
  await requireRecentSecondFactor(ctx); // step-up: grants and denies change what a member may do
  const tenantId = ctx.tenant.id;
  const member = await loadActiveMember(ctx.db, tenantId, membershipId);
  await assertMayManageMembers(ctx, [membershipId]);

  // Every key must exist: in the catalog, or among the keys of a system registered in this tenant.
  const slugs = [...new Set([...data.grant, ...data.deny].filter((k) => k.includes(':')).map((k) => k.split(':')[0]))];
  const systemKeys = new Set<string>();
  if (slugs.length) {
    const rows = await ctx.db
      .select({ slug: systems.slug, permissions: systems.permissions })
      .from(systems)
      .where(and(eq(systems.tenantId, tenantId), inArray(systems.slug, slugs)));
    for (const row of rows) for (const key of row.permissions) systemKeys.add(key.startsWith(`${row.slug}:`) ? key : `${row.slug}:${key}`);
  }
  const errors: FieldError[] = [];
  for (const field of ['grant', 'deny'] as const) {
    data[field].forEach((key, i) => {
      if (!isPermission(key) && !systemKeys.has(key)) errors.push({ path: `${field}.${i}`, message: `Unknown permission ${key}.` });
    });
  }
  if (errors.length) throw validationFailed(errors);

  const before = await loadOverrides(ctx, membershipId);
  const missing = ungrantableOverrides(ctx.permissions, data.grant, before.grant);
  if (missing.length) throw forbidden(`You cannot grant permissions you do not hold yourself: ${missing.join(', ')}.`);

  await keepingAFullAdmin(ctx, async () => {
    await ctx.db.delete(memberOverrides).where(eq(memberOverrides.membershipId, membershipId));
    const rows = [
      ...data.grant.map((permission) => ({ tenantId, membershipId, permission, effect: 'grant' as const })),
      ...data.deny.map((permission) => ({ tenantId, membershipId, permission, effect: 'deny' as const })),
    ];
    if (rows.length) await ctx.db.insert(memberOverrides).values(rows);
  });
  const after = { grant: [...data.grant].sort(), deny: [...data.deny].sort() };
  await recordAudit(ctx, {
    action: 'member.overrides_updated',
    targetType: 'member',
    targetId: membershipId,
    before: { userId: member.user.id, ...before },
    after: { userId: member.user.id, ...after },
  });
  return after;
}
