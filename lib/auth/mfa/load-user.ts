import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { users } from '@/db/schema';
import { notFound } from '@/lib/errors';

/** The person an own-account MFA operation acts for: id, email and name (for the audit snapshot and the mail). */
export async function loadAccount(db: Queryable, userId: string): Promise<{ id: string; email: string; name: string }> {
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw notFound('user');
  return user;
}
