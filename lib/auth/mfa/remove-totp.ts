import { and, eq, isNotNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { totpSecrets } from '@/db/schema';
import { requireUser, type AccountContext } from '@/lib/auth/account-context';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { notFound } from '@/lib/errors';
import { loadAccount } from './load-user';
import { recordFactorChange } from './notify';
import { dropCodesWithoutFactor } from './drop-orphan-codes';

/**
 * Remove your authenticator app (needs a recent second-factor check: step-up). Without another factor left the
 * recovery codes go too, and signing in asks for the password only (or, where a tenant requires a factor, leads
 * to enrolment again). Audited and mailed. No active app: 404.
 */
export async function removeTotp(ctx: AccountContext): Promise<void> {
  const actor = requireUser(ctx.actor);
  const db = await getDb();
  await requireRecentSecondFactor(actor, db);
  const user = await loadAccount(db, actor.id);
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(totpSecrets)
      .where(and(eq(totpSecrets.userId, user.id), isNotNull(totpSecrets.confirmedAt)))
      .returning({ userId: totpSecrets.userId });
    if (removed.length === 0) throw notFound('authenticator app');
    const codesDropped = await dropCodesWithoutFactor(tx, user.id);
    await recordFactorChange(tx, actor, ctx.meta, user, {
      action: 'user.mfa_totp_removed',
      notice: 'totp_removed',
      after: { totp: false, ...(codesDropped ? { recoveryCodesLeft: 0 } : {}) },
    });
  });
}
