import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { webauthnChallenges } from '@/db/schema';
import { now } from '@/lib/platform/clock';
import { CHALLENGE_TTL_MS } from './policy';

type Purpose = 'registration' | 'authentication';

/** Keep a challenge handed to the browser; its id is what the browser sends back with the answer. */
export async function storeChallenge(db: Queryable, purpose: Purpose, challenge: string, userId: string | null): Promise<string> {
  const at = now();
  const [row] = await db
    .insert(webauthnChallenges)
    .values({ purpose, challenge, userId, createdAt: at, expiresAt: new Date(at.getTime() + CHALLENGE_TTL_MS) })
    .returning({ id: webauthnChallenges.id });
  return row.id;
}

/**
 * Spend a challenge: the one statement that marks it used returns it, so it serves one answer only (whatever that
 * answer's outcome). Null when unknown, used, expired, of another purpose or (when `userId` is given) another person's.
 */
export async function takeChallenge(
  db: Queryable,
  challengeId: string,
  purpose: Purpose,
  userId?: string | null,
): Promise<{ challenge: string; userId: string | null } | null> {
  const at = now();
  const rows = await db
    .update(webauthnChallenges)
    .set({ usedAt: at })
    .where(
      and(
        eq(webauthnChallenges.id, challengeId),
        eq(webauthnChallenges.purpose, purpose),
        isNull(webauthnChallenges.usedAt),
        gt(webauthnChallenges.expiresAt, at),
        ...(userId ? [eq(webauthnChallenges.userId, userId)] : []),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge, userId: webauthnChallenges.userId });
  return rows[0] ?? null;
}
