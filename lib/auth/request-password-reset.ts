import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { parseInput } from '@/lib/validation';
import { mailAllowed } from './mail-throttle';
import { issueEmailToken } from './one-time-token';
import { forgotPasswordSchema } from './schemas';
import type { AcceptedResult } from './resend-verification';

/** Reset links per address and hour. */
export const RESET_MAILS_PER_HOUR = 5;

/**
 * "Forgot password": always the same answer (202 `accepted`). A known account, verified or not, gets a
 * reset link (single use, 1 hour; an earlier link stops working) in the same transaction as the token
 * and the `user.password_reset_requested` audit event. Unknown addresses get nothing and leave no trace.
 */
export async function requestPasswordReset(input: unknown, meta: RequestMeta): Promise<AcceptedResult> {
  const { email } = parseInput(forgotPasswordSchema, input);
  if (!(await mailAllowed('reset-password', email, RESET_MAILS_PER_HOUR, 60 * 60))) return { status: 'accepted' };
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (!user) return;
    const token = await issueEmailToken(tx, user.id, 'reset_password');
    await enqueueEmail(tx, {
      to: user.email,
      template: 'resetPassword',
      data: { name: user.name, url: appUrl(`/reset-password/${token}`) },
    });
    await recordPlatformAudit(tx, null, meta, { action: 'user.password_reset_requested', targetType: 'user', targetId: user.id });
  });
  return { status: 'accepted' };
}
