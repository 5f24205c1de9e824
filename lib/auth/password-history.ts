import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { passwordHistory, users } from '@/db/schema';
import { now } from '@/lib/platform/clock';
import { verifyPassword } from './password';

/** The most earlier passwords any tenant's rules remember (PASSWORD_POLICY_BOUNDS.historyCount.max): older hashes go. */
export const PASSWORD_HISTORY_KEPT = 24;

/**
 * Whether `password` is one of the person's last `count` passwords: the newest `count` hashes of the history,
 * their current password among them (an account whose password predates the history counts its current hash
 * as the newest). Checked with argon2 against each hash, in parallel. Owner connection (the history is never
 * granted to the runtime role).
 */
export async function usedRecently(db: Queryable, userId: string, password: string, count: number): Promise<boolean> {
  if (count <= 0) return false;
  const [current] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  const history = await db
    .select({ hash: passwordHistory.hash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id))
    .limit(count);
  let hashes = history.map((h) => h.hash);
  if (current?.hash && !hashes.includes(current.hash)) hashes = [current.hash, ...hashes].slice(0, count);
  const matches = await Promise.all(hashes.map((hash) => verifyPassword(hash, password)));
  return matches.some(Boolean);
}

/**
 * What every password set writes beside the hash: `users.password_changed_at` (the rules' maximum age counts from
 * it). Spread into the users UPDATE or INSERT.
 */
export const passwordSetColumns = (passwordHash: string) => ({ passwordHash, passwordChangedAt: now() });

/**
 * Keep a newly set password's hash in the history (same transaction as the set), dropping all but the newest 24.
 * `previousHash`, the password being replaced, is kept first when the history is empty: an account whose password
 * predates the history (seeded, made by the CLI, or before the migration) then still remembers it.
 */
export async function rememberPassword(db: Queryable, userId: string, passwordHash: string, previousHash?: string | null): Promise<void> {
  if (previousHash) {
    const [any] = await db.select({ id: passwordHistory.id }).from(passwordHistory).where(eq(passwordHistory.userId, userId)).limit(1);
    // Strictly older than the new password's row: PGlite's clock may tick in milliseconds, and two rows of one
    // millisecond would leave "the last N" to the tie-break on random ids.
    if (!any) {
      await db.insert(passwordHistory).values({ userId, hash: previousHash, createdAt: sql`clock_timestamp() - interval '1 millisecond'` });
    }
  }
  await db.insert(passwordHistory).values({ userId, hash: passwordHash, createdAt: sql`clock_timestamp()` });
  const keep = db
    .select({ id: passwordHistory.id })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id))
    .limit(PASSWORD_HISTORY_KEPT);
  const keepIds = (await keep).map((r) => r.id);
  await db.delete(passwordHistory).where(and(eq(passwordHistory.userId, userId), notInArray(passwordHistory.id, keepIds)));
}
