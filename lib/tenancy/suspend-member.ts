import { and, eq } from 'drizzle-orm';
import { memberships } from '@/db/schema';
import { assertMayManageMembers, keepingAFullAdmin } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { enqueueEmail } from '@/lib/email/outbox';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { loadActiveMember } from './members';
import { suspendMemberSchema, type SuspendMemberInput } from './member-lifecycle-schemas';
import { memberParamsSchema, type MemberView } from './member-schemas';

/**
 * Suspend a member: their roles, teams and overrides are kept for their return, but their sessions, tokens and API
 * keys stop reaching this tenant on their next request (403 `member_suspended`); other tenants are not affected. A
 * suspended member still holds a seat. Needs members.remove; only a member within the actor's power, never yourself
 * (403), never the last full admin (409). Audited `member.suspended` with the reason; the member is mailed.
 * Suspending a suspended member changes nothing.
 */
export async function suspendMember(ctx: TenantContext, id: string, input: SuspendMemberInput): Promise<MemberView> {
  requirePermission(ctx, 'members.remove');
  const { id: membershipId } = parseInput(memberParamsSchema.pick({ id: true }), { id });
  const { reason } = parseInput(suspendMemberSchema, input ?? {});
  const before = await loadActiveMember(ctx.db, ctx.tenant.id, membershipId);
  if (before.status === 'suspended') return before;
  await assertMayManageMembers(ctx, [membershipId]);
  await applySuspension(ctx, before, reason || null);
  return loadActiveMember(ctx.db, ctx.tenant.id, membershipId);
}

/**
 * The suspension itself, for a person (above) and for the dormant-member job: status, time and reason, refused (409,
 * rolled back) when it would leave the tenant without a full admin; audited and mailed. `ctx.db` is the tenant's transaction.
 */
export async function applySuspension(
  ctx: TenantContext,
  member: Pick<MemberView, 'id' | 'user'>,
  reason: string | null,
  options: { after?: Record<string, unknown> } = {},
): Promise<void> {
  await keepingAFullAdmin(ctx, async () => {
    await ctx.db
      .update(memberships)
      .set({ status: 'suspended', suspendedAt: now(), suspendedReason: reason })
      .where(and(eq(memberships.tenantId, ctx.tenant.id), eq(memberships.id, member.id)));
  });
  await recordAudit(ctx, {
    action: 'member.suspended',
    targetType: 'member',
    targetId: member.id,
    before: { userId: member.user.id, email: member.user.email, status: 'active' },
    after: { userId: member.user.id, email: member.user.email, status: 'suspended', ...options.after },
    reason,
  });
  await enqueueEmail(ctx.db, {
    to: member.user.email,
    template: 'membershipSuspended',
    data: { name: member.user.name, tenantName: ctx.tenant.name, reason },
  });
}
