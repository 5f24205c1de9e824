import type { z } from 'zod';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { refreshTokens, sessions, users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { consumeEmailToken } from './one-time-token';
import { hashPassword } from './password';
import { resetPasswordSchema } from './schemas';
import { clearSignInFailures } from './sign-in-guard';

/**
 * Set a new password with the token from the reset mail, in one transaction: spend the token (one
 * UPDATE, so of concurrent uses exactly one wins), store the new argon2id hash, mark the email verified
 * (whoever holds the link proved the inbox), end every session of the user and spend their refresh
 * tokens, mail the owner a notice, and audit `user.password_reset`. Afterwards the sign-in failures
 * and any lock on the account are cleared.
 * 410 `link_expired` · 409 `link_used` · 404 unknown link · 400 a password the policy refuses.
 */
export async function resetPassword(input: z.input<typeof resetPasswordSchema>, meta: RequestMeta): Promise<void> {
  const { token, password } = parseInput(resetPasswordSchema, input);
  // Hashed before the transaction so it holds no connection (or PGlite's only one) for the hash's duration.
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const user = await db.transaction(async (tx) => {
    const { userId } = await consumeEmailToken(tx, token, 'reset_password');
    const at = now();
    const [before] = await tx
      .select({ id: users.id, email: users.email, name: users.name, emailVerified: users.emailVerified })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    await tx
      .update(users)
      .set({ passwordHash, emailVerified: before.emailVerified ?? at, updatedAt: at })
      .where(eq(users.id, userId));
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    const userSessions = tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
    await tx
      .update(refreshTokens)
      .set({ usedAt: at })
      .where(and(inArray(refreshTokens.sessionId, userSessions), isNull(refreshTokens.usedAt)));
    await enqueueEmail(tx, {
      to: before.email,
      template: 'passwordReset',
      data: { name: before.name, resetUrl: appUrl('/forgot-password') },
    });
    await recordPlatformAudit(tx, null, meta, {
      action: 'user.password_reset',
      targetType: 'user',
      targetId: userId,
      before: { emailVerified: before.emailVerified },
      after: { emailVerified: before.emailVerified ?? at, sessionsEnded: ended.length },
      reason: 'Password reset by emailed link',
    });
    return before;
  });
  await clearSignInFailures(user, meta, 'Password reset');
}
