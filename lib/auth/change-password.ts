import type { z } from 'zod';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { refreshTokens, sessions, users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { DomainError, notFound, validationFailed } from '@/lib/errors';
import { getKv } from '@/lib/platform/kv';
import { parseInput } from '@/lib/validation';
import { requireUser, type AccountContext } from './account-context';
import { hashPassword, verifyPassword } from './password';
import { passwordSetColumns, rememberPassword } from './password-history';
import { enforcePasswordRules, passwordRulesForUser } from './password-rules';
import { changePasswordSchema } from './schemas';

/** Wrong current passwords allowed per person in a window before the form answers 429. */
const CHANGE_PASSWORD_ATTEMPTS = 5;
const WINDOW_SECONDS = 15 * 60;
const failuresKey = (userId: string) => `pwchange:fail:${userId}`;

const WRONG_CURRENT_PASSWORD = 'Your current password is not correct.';

/**
 * Change your own password. Needs the current one (wrong → 403 `forbidden` naming `currentPassword`;
 * after CHANGE_PASSWORD_ATTEMPTS wrong ones in 15 minutes → 429, so a borrowed session cannot guess it);
 * the new one must meet the person's password rules (the strictest of their tenants', lib/auth/password-rules.ts),
 * not be one of their last passwords, and differ from the current one. In one transaction: the new
 * hash, every OTHER session of the person ended (the one making the change stays signed in) with their
 * refresh tokens spent, a `passwordChanged` mail queued, and `user.password_changed` on the platform trail.
 */
export async function changePassword(ctx: AccountContext, input: z.input<typeof changePasswordSchema>): Promise<{ sessionsEnded: number }> {
  const actor = requireUser(ctx.actor);
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  const kv = await getKv();
  const failures = await kv.get<number>(failuresKey(actor.id));
  if ((failures ?? 0) >= CHANGE_PASSWORD_ATTEMPTS) {
    throw new DomainError('rate_limited', 429, 'Too many wrong passwords. Try again in 15 minutes, or reset your password.', undefined, {
      'Retry-After': String(WINDOW_SECONDS),
    });
  }

  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.id))
    .limit(1);
  if (!user) throw notFound('user');

  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    await kv.increment(failuresKey(actor.id), WINDOW_SECONDS);
    throw new DomainError('forbidden', 403, WRONG_CURRENT_PASSWORD, [{ path: 'currentPassword', message: WRONG_CURRENT_PASSWORD }]);
  }
  if (await verifyPassword(user.passwordHash, newPassword)) {
    throw validationFailed([{ path: 'newPassword', message: 'Choose a password different from your current one.' }]);
  }
  await enforcePasswordRules({
    password: newPassword,
    path: 'newPassword',
    rules: await passwordRulesForUser(user.id),
    person: user,
    history: { db, userId: user.id },
  });
  const passwordHash = await hashPassword(newPassword);

  const sessionsEnded = await db.transaction(async (tx) => {
    // Only if the hash is still the one we checked: two concurrent changes cannot both win.
    const updated = await tx
      .update(users)
      .set({ ...passwordSetColumns(passwordHash), updatedAt: sql`now()` })
      .where(and(eq(users.id, user.id), user.passwordHash ? eq(users.passwordHash, user.passwordHash) : isNull(users.passwordHash)))
      .returning({ id: users.id });
    if (updated.length === 0) throw new DomainError('conflict', 409, 'Your password was changed meanwhile. Reload and try again.');
    await rememberPassword(tx, user.id, passwordHash, user.passwordHash);

    const ended = await tx
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt), ...(actor.sessionId ? [ne(sessions.id, actor.sessionId)] : [])))
      .returning({ id: sessions.id });
    if (ended.length > 0) {
      await tx
        .update(refreshTokens)
        .set({ usedAt: sql`now()` })
        .where(
          and(
            inArray(
              refreshTokens.sessionId,
              ended.map((s) => s.id),
            ),
            isNull(refreshTokens.usedAt),
          ),
        );
    }

    await enqueueEmail(tx, {
      to: user.email,
      template: 'passwordChanged',
      data: { name: user.name, resetUrl: appUrl('/forgot-password') },
    });
    await recordPlatformAudit(tx, actor, ctx.meta, {
      action: 'user.password_changed',
      targetType: 'user',
      targetId: user.id,
      after: { sessionsEnded: ended.length },
    });
    return ended.length;
  });

  await kv.delete(failuresKey(actor.id));
  return { sessionsEnded };
}
