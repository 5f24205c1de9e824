import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { loadAdminUser } from './admin-users';
import { requirePlatformAdmin } from './platform-admin';
import { adminUserParamsSchema, type AdminUser } from './user-schemas';

/**
 * Reactivate a deactivated account (platform admins): the person may sign in again, with the memberships, roles and
 * records they had (sessions ended by the deactivation stay ended). Audited in the platform trail; the person is mailed.
 * Reactivating an active account changes nothing.
 */
export async function reactivateUser(actor: Actor | null, id: string, meta: RequestMeta): Promise<AdminUser> {
  requirePlatformAdmin(actor);
  const params = parseInput(adminUserParamsSchema, { id });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ id: users.id, name: users.name, email: users.email, deactivatedAt: users.deactivatedAt, reason: users.deactivatedReason })
      .from(users)
      .where(eq(users.id, params.id))
      .for('update');
    if (!target) throw notFound('user');
    if (!target.deactivatedAt) return loadAdminUser(tx, target.id);
    await tx
      .update(users)
      .set({ deactivatedAt: null, deactivatedReason: null, updatedAt: sql`now()` })
      .where(eq(users.id, target.id));
    await recordPlatformAudit(tx, actor, meta, {
      action: 'user.reactivated',
      targetType: 'user',
      targetId: target.id,
      before: { email: target.email, status: 'deactivated', deactivatedAt: target.deactivatedAt.toISOString() },
      after: { email: target.email, status: 'active' },
    });
    await enqueueEmail(tx, {
      to: target.email,
      template: 'accountReactivated',
      data: { name: target.name, signInUrl: appUrl('/sign-in') },
    });
    return loadAdminUser(tx, target.id);
  });
}
