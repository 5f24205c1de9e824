import { eq, sql } from 'drizzle-orm';
import { invitations } from '@/db/schema';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { requirePermission } from '@/lib/access/require-permission';
import { newToken } from '@/lib/auth/one-time-token';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { auditState, effectiveStatus, invitationView, loadInvitation, namesFor } from './invitation-view';
import { assertGrantable, assertNotMember, expiryFrom, mailInvitation } from './invite-member';
import type { InvitationView } from './schemas';
import { reserveSeat } from './seats';

/**
 * Send a pending or expired invitation again: a new link valid for another 7 days, and the old link dead
 * (its hash is replaced). An expired one takes a seat again (409 `seat_limit_reached` when none is left).
 * Accepted or revoked, or the person is a member by now: 409. Needs members.invite, and its roles must still be the resender's to grant.
 */
export async function resendInvitation(ctx: TenantContext, id: string): Promise<InvitationView> {
  requirePermission(ctx, 'members.invite');
  const row = await loadInvitation(ctx.db, ctx.tenant.id, id, true);
  const status = effectiveStatus(row);
  if (status === 'accepted' || status === 'revoked') throw conflict(`This invitation was ${status}: invite the person again instead.`);
  const names = await namesFor(ctx.db, ctx.tenant.id, [row]);
  const roleIds = row.roleIds.filter((r) => names.roleNames.has(r));
  const teamIds = row.teamIds.filter((t) => names.teamNames.has(t));
  await assertGrantable(ctx, roleIds, teamIds);
  await assertNotMember(ctx, row.email);
  if (status === 'expired') {
    // Free the row's own claim first, so the seat count sees only the others.
    await ctx.db.update(invitations).set({ status: 'expired' }).where(eq(invitations.id, row.id));
    await reserveSeat(ctx.db, ctx.tenant.id);
  }
  const before = invitationView(row, names);
  const { token, hash } = newToken();
  const at = now();
  const [updated] = await uniqueOr409(
    ctx.db
      .update(invitations)
      .set({ status: 'pending', tokenHash: hash, expiresAt: expiryFrom(at), lastSentAt: at, sentCount: sql`${invitations.sentCount} + 1` })
      .where(eq(invitations.id, row.id))
      .returning(),
    `${row.email} has another pending invitation already.`,
  );
  const after = invitationView(updated, names);
  await mailInvitation(ctx, updated, after, token);
  await recordAudit(ctx, {
    action: 'invitation.resent',
    targetType: 'invitation',
    targetId: row.id,
    before: { ...auditState(before), sentCount: row.sentCount },
    after: { ...auditState(after), sentCount: updated.sentCount },
  });
  return after;
}
