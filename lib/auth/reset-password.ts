import type { z } from 'zod';
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { getDb, type Queryable } from '@/db/client';
import { emailTokens, refreshTokens, sessions, users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { consumeEmailToken, hashToken } from './one-time-token';
import { hashPassword } from './password';
import type { PasswordPolicy } from './password-policy';
import { passwordSetColumns, rememberPassword } from './password-history';
import { enforcePasswordRules, passwordRulesForUser } from './password-rules';
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
  const db = await getDb();
  // The rules of the link's owner (their tenants' strictest, their history), checked before the link is spent so a
  // refused password leaves it usable. A link that is not usable skips them: spending it below answers why.
  const owner = await linkOwner(db, token);
  if (owner) {
    await enforcePasswordRules({
      password,
      path: 'password',
      rules: await passwordRulesForUser(owner.id),
      person: owner,
      history: { db, userId: owner.id },
    });
  }
  // Hashed before the transaction so it holds no connection (or PGlite's only one) for the hash's duration.
  const passwordHash = await hashPassword(password);
  const user = await db.transaction(async (tx) => {
    const { userId } = await consumeEmailToken(tx, token, 'reset_password');
    const at = now();
    const [before] = await tx
      .select({ id: users.id, email: users.email, name: users.name, emailVerified: users.emailVerified, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    await tx
      .update(users)
      .set({ ...passwordSetColumns(passwordHash), emailVerified: before.emailVerified ?? at, updatedAt: at })
      .where(eq(users.id, userId));
    await rememberPassword(tx, userId, passwordHash, before.passwordHash);
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
    return { id: before.id, email: before.email, name: before.name };
  });
  await clearSignInFailures(user, meta, 'Password reset');
}

/** The account an unspent, unexpired reset link belongs to (read only: the link is spent in the transaction). */
async function linkOwner(db: Queryable, token: string): Promise<{ id: string; email: string; name: string } | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(
      and(
        eq(emailTokens.tokenHash, hashToken(token)),
        eq(emailTokens.purpose, 'reset_password'),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now()),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * What the reset page shows before anyone types: the link owner's password rules and the details a password must not
 * contain (the link proves the inbox, so its holder may see them). null for a link that is not usable.
 */
export async function resetLinkPasswordRules(
  token: string,
): Promise<{ policy: PasswordPolicy; owner: { email: string; name: string; tenantNames: string[] } } | null> {
  const owner = await linkOwner(await getDb(), token);
  if (!owner) return null;
  const { policy, tenantNames } = await passwordRulesForUser(owner.id);
  return { policy, owner: { email: owner.email, name: owner.name, tenantNames } };
}
