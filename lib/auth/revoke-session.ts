import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb, type Queryable } from '@/db/client';
import { refreshTokens, sessions } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { forbidden, notFound } from '@/lib/errors';
import { now } from '@/lib/platform/clock';

/**
 * End a session and its refresh-token family: the cookie or access token that carries it is refused on
 * its next request, and none of its refresh tokens can be used again. True when it was still live.
 */
export async function revokeSessionFamily(db: Queryable, sessionId: string): Promise<boolean> {
  const [row] = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  await db
    .update(refreshTokens)
    .set({ usedAt: now() })
    .where(and(eq(refreshTokens.sessionId, sessionId), isNull(refreshTokens.usedAt)));
  return Boolean(row);
}

/**
 * `DELETE /api/v1/me/sessions/{id}`: end one of your own live sessions (this one included). Someone
 * else's session, an unknown id and an already ended one all answer 404. Audited as `session.revoked`.
 */
export async function revokeOwnSession(actor: Actor, sessionId: string, meta: RequestMeta): Promise<void> {
  if (actor.type !== 'user') throw forbidden('Only a signed-in person can revoke their sessions.');
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, actor.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
      .returning({ id: sessions.id, kind: sessions.kind, ip: sessions.ip, userAgent: sessions.userAgent });
    if (!row) throw notFound('session');
    await revokeSessionFamily(tx, row.id);
    const current = actor.sessionId === row.id;
    await recordPlatformAudit(tx, actor, meta, {
      action: 'session.revoked',
      targetType: 'session',
      targetId: row.id,
      after: { kind: row.kind, ip: row.ip, userAgent: row.userAgent, current },
      reason: current ? 'Signed out of this device from the sessions list' : 'Revoked from the sessions list',
    });
  });
}
