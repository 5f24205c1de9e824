import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { emailTokens } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';

/** A fresh 256-bit random token (base64url, 43 characters) and the SHA-256 that is stored instead of it. */
export function newToken(prefix = ''): { token: string; hash: string } {
  const token = prefix + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

type EmailTokenPurpose = 'verify_email' | 'reset_password' | 'unlock_account';

const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 24 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
  unlock_account: 60 * 60 * 1000,
};

const LINK_NAME: Record<EmailTokenPurpose, string> = {
  verify_email: 'verification',
  reset_password: 'password reset',
  unlock_account: 'unlock',
};

/** Issue a single-use link token for a user; earlier unused tokens of the same purpose stop working. */
export async function issueEmailToken(db: Queryable, userId: string, purpose: EmailTokenPurpose): Promise<string> {
  const at = now();
  await db
    .update(emailTokens)
    .set({ usedAt: at })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
  const { token, hash } = newToken();
  await db.insert(emailTokens).values({
    userId,
    purpose,
    tokenHash: hash,
    createdAt: at,
    expiresAt: new Date(at.getTime() + EMAIL_TOKEN_TTL_MS[purpose]),
  });
  return token;
}

/**
 * Spend a link token. One UPDATE marks it used only if it is unused and unexpired, so of two concurrent
 * uses exactly one wins. Expired: 410 `link_expired`; already used or replaced: 409 `link_used`; unknown: 404.
 */
export async function consumeEmailToken(db: Queryable, token: string, purpose: EmailTokenPurpose): Promise<{ userId: string }> {
  const hash = hashToken(token);
  const at = now();
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: at })
    .where(and(eq(emailTokens.tokenHash, hash), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)))
    .returning({ userId: emailTokens.userId, expiresAt: emailTokens.expiresAt });
  if (row && row.expiresAt > at) return { userId: row.userId };
  const what = LINK_NAME[purpose];
  if (row) throw new DomainError('link_expired', 410, `This ${what} link has expired. Ask for a new one.`);
  const [known] = await db.select({ id: emailTokens.id }).from(emailTokens).where(eq(emailTokens.tokenHash, hash)).limit(1);
  if (known) throw new DomainError('link_used', 409, `This ${what} link was already used or replaced by a newer one.`);
  throw new DomainError('not_found', 404, `This ${what} link is not valid.`);
}
