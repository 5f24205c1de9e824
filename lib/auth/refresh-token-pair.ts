import type { z } from 'zod';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { refreshTokens, sessions, users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/context';
import { unauthenticated } from '@/lib/errors';
import { loadSigningKeys } from '@/lib/keys/signing-keys';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { REFRESH_TOKEN_TTL_SECONDS, tokenPair, type TokenPair } from './issue-token-pair';
import { hashToken } from './one-time-token';
import { revokeSessionFamily } from './revoke-session';
import { refreshSchema } from './schemas';

/**
 * `POST /api/v1/auth/refresh`: spend a refresh token for a new pair (rotation). One UPDATE marks the
 * presented token used only while it is unused and unexpired and its session is live, so of two
 * concurrent uses exactly one wins. A spent token presented again means it leaked: the whole session
 * (the family: every refresh token and the access tokens) is revoked, audited `session.refresh_reused`,
 * and the answer is 401. Each rotation keeps the session alive for another 30 days.
 */
export async function refreshTokenPair(input: z.input<typeof refreshSchema>, meta: RequestMeta): Promise<TokenPair> {
  const { refreshToken } = parseInput(refreshSchema, input);
  const hash = hashToken(refreshToken);
  const db = await getDb();
  const at = now();
  const keys = await loadSigningKeys();

  const rotated = await db.transaction(async (tx) => {
    const [spent] = await tx
      .update(refreshTokens)
      .set({ usedAt: at })
      .from(sessions)
      .where(
        and(
          eq(refreshTokens.tokenHash, hash),
          isNull(refreshTokens.usedAt),
          gt(refreshTokens.expiresAt, at),
          eq(sessions.id, refreshTokens.sessionId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
        ),
      )
      .returning({ sessionId: refreshTokens.sessionId, userId: sessions.userId });
    if (!spent) return null;
    const [user] = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, spent.userId));
    await tx
      .update(sessions)
      .set({ lastSeenAt: sql`now()`, expiresAt: new Date(at.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000) })
      .where(eq(sessions.id, spent.sessionId));
    return tokenPair(tx, user, spent.sessionId, keys);
  });
  if (rotated) return rotated;

  // Why it failed decides what else happens.
  const [known] = await db
    .select({
      sessionId: refreshTokens.sessionId,
      usedAt: refreshTokens.usedAt,
      userId: sessions.userId,
      sessionLive: sql<boolean>`(${sessions.revokedAt} is null and ${sessions.expiresAt} > now())`,
    })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, hash))
    .limit(1);
  if (!known) throw unauthenticated('This refresh token is not valid. Sign in again.');
  if (!known.sessionLive) throw unauthenticated('This session has ended. Sign in again.');
  if (known.usedAt) {
    await db.transaction(async (tx) => {
      await revokeSessionFamily(tx, known.sessionId);
      await recordPlatformAudit(tx, null, meta, {
        action: 'session.refresh_reused',
        targetType: 'session',
        targetId: known.sessionId,
        after: { userId: known.userId },
        reason: 'A spent refresh token was presented again; the session and all its tokens were revoked',
      });
    });
    throw unauthenticated('This refresh token was already used, so the session has been ended. Sign in again.');
  }
  throw unauthenticated('This refresh token has expired. Sign in again.');
}
