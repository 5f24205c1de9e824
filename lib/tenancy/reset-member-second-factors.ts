import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { assertMayManageMembers } from '@/lib/access/member-guards';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import type { TenantContext } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { loadActiveMember } from './members';
import { memberParamsSchema } from './member-schemas';

/**
 * Reset a member's second factors — their authenticator app, passkeys and recovery codes — when they lost them. Needs
 * members.update and a member within the actor's power (403; your own membership is allowed, and audited like any
 * other); not an active member of this tenant: 404. The actor confirms with a recent second factor of their own if
 * they have one (step-up). The deletion runs in the tenant's transaction through the owner function
 * reset_member_second_factors (drizzle/0022), which reaches only the person holding this tenant's membership. Audited
 * in the tenant trail; the member is mailed. Their next sign-in asks for the password only, or leads them through
 * enrolment again where the tenant requires a second factor.
 */
export async function resetMemberSecondFactors(
  ctx: TenantContext,
  id: string,
): Promise<{ totp: boolean; passkeys: number; recoveryCodes: number }> {
  requirePermission(ctx, 'members.update');
  const { id: membershipId } = parseInput(memberParamsSchema.pick({ id: true }), { id });
  const member = await loadActiveMember(ctx.db, ctx.tenant.id, membershipId);
  await assertMayManageMembers(ctx, [membershipId], { allowSelf: true });
  await requireRecentSecondFactor(ctx);

  const [reset] = rowsOf<{ reset_user_id: string; totp_removed: boolean; passkeys_removed: number; recovery_codes_removed: number }>(
    await ctx.db.execute(sql`select * from reset_member_second_factors(${membershipId}::uuid)`),
  );
  if (!reset) throw notFound('member');
  const result = {
    totp: Boolean(reset.totp_removed),
    passkeys: Number(reset.passkeys_removed),
    recoveryCodes: Number(reset.recovery_codes_removed),
  };

  const who =
    ctx.actor.type === 'user' ? `${ctx.actor.name}, an administrator of ${ctx.tenant.name},` : `An administrator of ${ctx.tenant.name}`;
  await enqueueEmail(ctx.db, {
    to: member.user.email,
    template: 'secondFactorNotice',
    data: { name: member.user.name, event: 'reset', detail: who, securityUrl: appUrl('/account/security') },
  });
  await recordAudit(ctx, {
    action: 'member.second_factors_reset',
    targetType: 'member',
    targetId: membershipId,
    before: {
      userId: member.user.id,
      email: member.user.email,
      totp: result.totp,
      passkeys: result.passkeys,
      recoveryCodes: result.recoveryCodes,
    },
    after: { userId: member.user.id, email: member.user.email, totp: false, passkeys: 0, recoveryCodes: 0 },
  });
  return result;
}
