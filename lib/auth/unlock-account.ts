import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import type { RequestMeta } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { consumeEmailToken } from './one-time-token';
import { unlockAccountSchema } from './schemas';
import { clearSignInFailures } from './sign-in-guard';

type UnlockAccountResult = { status: 'unlocked' };

/**
 * Lift a sign-in lockout with the link from the lockout mail (lib/auth/sign-in-guard.ts): spend the token
 * (single use, 1 hour, stored as its SHA-256), then clear the email's failures and lock and audit
 * `user.unlocked`. 410 `link_expired` · 409 `link_used` · 404 unknown link.
 */
export async function unlockAccount(input: z.input<typeof unlockAccountSchema>, meta: RequestMeta): Promise<UnlockAccountResult> {
  const { token } = parseInput(unlockAccountSchema, input);
  const db = await getDb();
  const user = await db.transaction(async (tx) => {
    const { userId } = await consumeEmailToken(tx, token, 'unlock_account');
    const [row] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
    return row;
  });
  await clearSignInFailures(user, meta, 'Unlocked by the emailed link');
  return { status: 'unlocked' };
}
