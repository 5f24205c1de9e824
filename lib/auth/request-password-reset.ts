import type { z } from 'zod';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { parseInput } from '@/lib/validation';
import { mailAllowed } from './mail-throttle';
import { issueEmailToken, newToken } from './one-time-token';
import { forgotPasswordSchema } from './schemas';
import type { AcceptedResult } from './resend-verification';

/** Reset links per address and hour. */
const RESET_MAILS_PER_HOUR = 5;

class DiscardDecoyMail extends Error {}

/**
 * "Forgot password": always the same answer (202 `accepted`), and the same work either way, so the time
 * taken does not tell whether an account exists. A known account, verified or not, gets a reset link
 * (single use, 1 hour; an earlier link stops working) in the same transaction as the token and the
 * `user.password_reset_requested` audit event. An unknown address goes through the same steps on a decoy
 * (a token made, the mail rendered and written in a savepoint that is rolled back: as many statements
 * as the token and the mail of a known one) and is audited as `user.password_reset_requested` without a target; no mail and no link remain.
 */
export async function requestPasswordReset(input: z.input<typeof forgotPasswordSchema>, meta: RequestMeta): Promise<AcceptedResult> {
  const { email } = parseInput(forgotPasswordSchema, input);
  if (!(await mailAllowed('reset-password', email, RESET_MAILS_PER_HOUR, 60 * 60))) return { status: 'accepted' };
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (user) {
      const token = await issueEmailToken(tx, user.id, 'reset_password');
      await enqueueEmail(tx, {
        to: user.email,
        template: 'resetPassword',
        data: { name: user.name, url: appUrl(`/reset-password/${token}`) },
      });
    } else {
      const decoy = newToken().token;
      await tx
        .transaction(async (savepoint) => {
          await enqueueEmail(savepoint, {
            to: email,
            template: 'resetPassword',
            data: { name: email, url: appUrl(`/reset-password/${decoy}`) },
          });
          throw new DiscardDecoyMail();
        })
        .catch((error: unknown) => {
          if (!(error instanceof DiscardDecoyMail)) throw error;
        });
    }
    await recordPlatformAudit(tx, null, meta, { action: 'user.password_reset_requested', targetType: 'user', targetId: user?.id });
  });
  return { status: 'accepted' };
}
