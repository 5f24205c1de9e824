import type { z } from 'zod';
import { and, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { parseInput } from '@/lib/validation';
import { mailAllowed } from './mail-throttle';
import { issueEmailToken } from './one-time-token';
import { forgotPasswordSchema } from './schemas';

/** `{ email }`: the same shape as the forgot-password request. */
export const resendVerificationSchema = forgotPasswordSchema;

export type AcceptedResult = { status: 'accepted' };

/** New verification links per address and hour. */
const RESEND_VERIFICATION_PER_HOUR = 3;

/**
 * Send a fresh verification link. Always the same answer (202 `accepted`), whether the address is
 * unknown, already verified or waiting: only a waiting account gets a mail, and the link before it
 * stops working. Quietly limited per address so nobody can flood an inbox.
 */
export async function resendVerification(input: z.input<typeof resendVerificationSchema>, meta: RequestMeta): Promise<AcceptedResult> {
  const { email } = parseInput(resendVerificationSchema, input);
  if (!(await mailAllowed('resend-verification', email, RESEND_VERIFICATION_PER_HOUR, 60 * 60))) return { status: 'accepted' };
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(and(sql`lower(${users.email}) = ${email}`, isNull(users.emailVerified)))
      .limit(1);
    if (!user) return;
    const token = await issueEmailToken(tx, user.id, 'verify_email');
    await enqueueEmail(tx, {
      to: user.email,
      template: 'verifyEmail',
      data: { name: user.name, url: appUrl(`/verify-email/${token}`) },
    });
    await recordPlatformAudit(tx, null, meta, { action: 'user.verification_resent', targetType: 'user', targetId: user.id });
  });
  return { status: 'accepted' };
}
