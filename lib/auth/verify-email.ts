import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { consumeEmailToken } from './one-time-token';
import { verifyEmailSchema } from './schemas';

type VerifyEmailResult = { status: 'verified' };

/**
 * Confirm an email address with the token from the verification mail: spend the token, mark the
 * address verified and audit `user.email_verified`, in one transaction.
 * 410 `link_expired` · 409 `link_used` (already used, or replaced by a newer link) · 404 unknown.
 */
export async function verifyEmail(input: z.input<typeof verifyEmailSchema>, meta: RequestMeta): Promise<VerifyEmailResult> {
  const { token } = parseInput(verifyEmailSchema, input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const { userId } = await consumeEmailToken(tx, token, 'verify_email');
    const [before] = await tx.select({ emailVerified: users.emailVerified }).from(users).where(eq(users.id, userId)).limit(1);
    const at = before?.emailVerified ?? now();
    await tx.update(users).set({ emailVerified: at, updatedAt: now() }).where(eq(users.id, userId));
    await recordPlatformAudit(tx, null, meta, {
      action: 'user.email_verified',
      targetType: 'user',
      targetId: userId,
      before: { emailVerified: before?.emailVerified ?? null },
      after: { emailVerified: at },
    });
  });
  return { status: 'verified' };
}
