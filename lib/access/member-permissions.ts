import { eq } from 'drizzle-orm';
import { memberOverrides } from '@/db/schema';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { loadActiveMember } from '@/lib/tenancy/members';
import { memberParamsSchema } from '@/lib/tenancy/member-schemas';
import { parseInput } from '@/lib/validation';
import { explain } from './evaluate';
import { loadMemberAccess } from './member-access';
import type { MemberPermissions, Overrides } from './override-schemas';
import { requirePermission } from './require-permission';
import { inactiveSystemSlugs, systemContextSlug } from './system-context';

export async function loadOverrides(ctx: TenantContext, membershipId: string): Promise<Overrides> {
  const rows = await ctx.db
    .select({ permission: memberOverrides.permission, effect: memberOverrides.effect })
    .from(memberOverrides)
    .where(eq(memberOverrides.membershipId, membershipId));
  return {
    grant: rows
      .filter((r) => r.effect === 'grant')
      .map((r) => r.permission)
      .sort(),
    deny: rows
      .filter((r) => r.effect === 'deny')
      .map((r) => r.permission)
      .sort(),
  };
}

/**
 * A member's effective permissions with where each comes from (roles, teams' roles, direct grants) and
 * what decided it, plus their explicit denies. Needs members.read. Keys of a switched-off system are listed as not
 * allowed (`system_inactive`). In a system context (`X-System-Slug`) only that system's keys are listed, and denies
 * likewise; `overrides` stays whole, since it is what PUT overrides replaces.
 */
export async function getMemberPermissions(ctx: TenantContext, id: string): Promise<MemberPermissions> {
  requirePermission(ctx, 'members.read');
  const { id: membershipId } = parseInput(memberParamsSchema.pick({ id: true }), { id });
  const member = await loadActiveMember(ctx.db, ctx.tenant.id, membershipId);
  const [loaded, inactive] = await Promise.all([
    loadMemberAccess(ctx.db, ctx.tenant.id, member.user.id, { includeSuspended: true }),
    inactiveSystemSlugs(ctx.db, ctx.tenant.id),
  ]);
  if (!loaded) throw notFound('member');
  const { access } = loaded;
  const system = systemContextSlug(ctx);
  const inContext = (key: string) => system === null || key.startsWith(`${system}:`);
  const keys = [...new Set([...access.sources.keys(), ...access.denied])].filter(inContext).sort();
  return {
    permissions: keys.map((permission) => {
      const decision = explain(access, permission, inactive);
      return { permission, allowed: decision.allowed, sources: [...(access.sources.get(permission) ?? [])], decidedBy: decision.reason };
    }),
    denies: [...access.denied].filter(inContext).sort(),
    overrides: await loadOverrides(ctx, membershipId),
  };
}
