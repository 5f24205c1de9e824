import { eq } from 'drizzle-orm';
import { invitations } from '@/db/schema';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { auditState, effectiveStatus, invitationView, loadInvitation, namesFor } from './invitation-view';
import type { InvitationView } from './schemas';

/** Revoke a pending invitation: its link stops working at once (410) and its seat is free. Needs members.invite; not pending: 409. */
export async function revokeInvitation(ctx: TenantContext, id: string): Promise<InvitationView> {
  requirePermission(ctx, 'members.invite');
  const row = await loadInvitation(ctx.db, ctx.tenant.id, id, true);
  const status = effectiveStatus(row);
  if (status !== 'pending') throw conflict(`This invitation is ${status}: only pending invitations can be revoked.`);
  const names = await namesFor(ctx.db, ctx.tenant.id, [row]);
  const before = invitationView(row, names);
  const [updated] = await ctx.db
    .update(invitations)
    .set({ status: 'revoked', revokedAt: now() })
    .where(eq(invitations.id, row.id))
    .returning();
  const after = invitationView(updated, names);
  await recordAudit(ctx, {
    action: 'invitation.revoked',
    targetType: 'invitation',
    targetId: row.id,
    before: auditState(before),
    after: auditState(after),
  });
  return after;
}
