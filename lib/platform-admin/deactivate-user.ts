import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { sessions, users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { enqueueEmail } from '@/lib/email/outbox';
import { DomainError, notFound } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { loadAdminUser } from './admin-users';
import { requirePlatformAdmin } from './platform-admin';
import { mayDeactivateUser } from './user-policy';
import { adminUserParamsSchema, deactivateUserSchema, type AdminUser, type DeactivateUserInput } from './user-schemas';

/**
 * Deactivate an account (platform admins): the person can no longer sign in (403 `account_deactivated` after the
 * right password), every session ends at once (console cookies, access and refresh tokens), and the API keys they
 * made are refused. Nothing is deleted: memberships, roles and records stay, so a reactivation restores everything.
 * Never your own account (403) nor the last active platform admin (409). Audited in the platform trail; the person is
 * mailed. Deactivating a deactivated account changes nothing.
 */
export async function deactivateUser(actor: Actor | null, id: string, input: DeactivateUserInput, meta: RequestMeta): Promise<AdminUser> {
  requirePlatformAdmin(actor);
  const params = parseInput(adminUserParamsSchema, { id });
  const { reason } = parseInput(deactivateUserSchema, input ?? {});
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Platform admins are locked first, so two deactivations of the last two admins are counted one after another.
    const admins = rowsOf<{ id: string }>(
      await tx.execute(sql`select id from users where is_platform_admin and deactivated_at is null order by id for update`),
    );
    const [target] = await tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        isPlatformAdmin: users.isPlatformAdmin,
        deactivatedAt: users.deactivatedAt,
      })
      .from(users)
      .where(eq(users.id, params.id))
      .for('update');
    if (!target) throw notFound('user');
    const verdict = mayDeactivateUser(
      actor.type === 'user' ? actor.id : null,
      { id: target.id, isPlatformAdmin: target.isPlatformAdmin, deactivated: target.deactivatedAt !== null },
      admins.length,
    );
    if (!verdict.allowed) throw new DomainError(verdict.status === 403 ? 'forbidden' : 'conflict', verdict.status, verdict.reason);
    if (target.deactivatedAt) return loadAdminUser(tx, target.id);

    const at = now();
    await tx
      .update(users)
      .set({ deactivatedAt: at, deactivatedReason: reason || null, updatedAt: sql`now()` })
      .where(eq(users.id, target.id));
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.userId, target.id), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    await recordPlatformAudit(tx, actor, meta, {
      action: 'user.deactivated',
      targetType: 'user',
      targetId: target.id,
      before: { email: target.email, status: 'active' },
      after: { email: target.email, status: 'deactivated', sessionsEnded: ended.length },
      reason: reason || null,
    });
    await enqueueEmail(tx, { to: target.email, template: 'accountDeactivated', data: { name: target.name, reason: reason || null } });
    return loadAdminUser(tx, target.id);
  });
}
