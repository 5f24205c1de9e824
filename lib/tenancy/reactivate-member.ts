import { and, eq } from 'drizzle-orm';
import { memberships } from '@/db/schema';
import { assertMayManageMembers } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { loadActiveMember } from './members';
import { memberParamsSchema, type MemberView } from './member-schemas';

/**
 * Reactivate a suspended member: access to the tenant returns with the roles, teams and overrides they had. Their
 * activity starts afresh now, so the dormant-member job does not suspend them again at once. Needs members.remove;
 * only a member within the actor's power (their kept permissions count). Audited `member.reactivated`; the member is
 * mailed. Reactivating an active member changes nothing.
 */
export async function reactivateMember(ctx: TenantContext, id: string): Promise<MemberView> {
  requirePermission(ctx, 'members.remove');
  const { id: membershipId } = parseInput(memberParamsSchema.pick({ id: true }), { id });
  const before = await loadActiveMember(ctx.db, ctx.tenant.id, membershipId);
  if (before.status === 'active') return before;
  await assertMayManageMembers(ctx, [membershipId]);
  await ctx.db
    .update(memberships)
    .set({ status: 'active', suspendedAt: null, suspendedReason: null, lastActiveAt: now(), dormancyWarnedAt: null })
    .where(and(eq(memberships.tenantId, ctx.tenant.id), eq(memberships.id, membershipId)));
  await recordAudit(ctx, {
    action: 'member.reactivated',
    targetType: 'member',
    targetId: membershipId,
    before: { userId: before.user.id, email: before.user.email, status: 'suspended' },
    after: { userId: before.user.id, email: before.user.email, status: 'active' },
  });
  await enqueueEmail(ctx.db, {
    to: before.user.email,
    template: 'membershipReactivated',
    data: { name: before.user.name, tenantName: ctx.tenant.name, url: appUrl(`/t/${ctx.tenant.slug}`) },
  });
  return loadActiveMember(ctx.db, ctx.tenant.id, membershipId);
}
