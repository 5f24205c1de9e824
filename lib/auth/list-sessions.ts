import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { sessions } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { forbidden } from '@/lib/errors';
import type { sessionSchema } from './schemas';

type SessionView = z.infer<typeof sessionSchema>;

/**
 * `GET /api/v1/me/sessions`: the caller's live sessions (neither revoked nor expired), newest first,
 * browser sign-ins and API token sessions alike; `current` marks the one making this request.
 */
export async function listSessions(actor: Actor): Promise<SessionView[]> {
  if (actor.type !== 'user') throw forbidden('Only a signed-in person has sessions to list.');
  const db = await getDb();
  const rows = await db
    .select({
      id: sessions.id,
      kind: sessions.kind,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, actor.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.createdAt), desc(sessions.id));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind === 'token' ? 'token' : 'browser',
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    ip: row.ip,
    userAgent: row.userAgent,
    current: row.id === actor.sessionId,
  }));
}
