import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { refreshTokens, sessions } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { hashToken } from './one-time-token';
import { revokeSessionFamily } from './revoke-session';
import { logoutSchema } from './schemas';

/**
 * `POST /api/v1/auth/logout`: with a refresh token, end that token's session (holding the token is
 * proof enough, so an expired access token does not stop a client from logging out); without one, end
 * the session the caller authenticated with (bearer access token or cookie). Unknown or already ended
 * sessions are not an error: the answer is always 204.
 */
export async function logout(input: z.input<typeof logoutSchema>, actor: Actor | null, meta: RequestMeta): Promise<void> {
  const { refreshToken } = parseInput(logoutSchema, input ?? {});
  const db = await getDb();
  let sessionId: string | null = null;
  let userId: string | null = null;
  if (refreshToken) {
    const [row] = await db
      .select({ sessionId: refreshTokens.sessionId, userId: sessions.userId })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, hashToken(refreshToken)))
      .limit(1);
    sessionId = row?.sessionId ?? null;
    userId = row?.userId ?? null;
  } else if (actor?.type === 'user' && actor.sessionId) {
    sessionId = actor.sessionId;
    userId = actor.id;
  }
  if (!sessionId) return;
  const id = sessionId;
  await db.transaction(async (tx) => {
    if (!(await revokeSessionFamily(tx, id))) return;
    await recordPlatformAudit(tx, actor?.type === 'user' && actor.id === userId ? actor : null, meta, {
      action: 'user.signed_out',
      targetType: 'session',
      targetId: id,
      after: { userId },
    });
  });
}
