import type { z } from 'zod';
import { sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/context';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { DomainError } from '@/lib/errors';
import { getKv } from '@/lib/platform/kv';
import { parseInput } from '@/lib/validation';
import { mailAllowed } from './mail-throttle';
import { issueEmailToken } from './one-time-token';
import { hashPassword } from './password';
import { passwordSetColumns, rememberPassword } from './password-history';
import { DEFAULT_PASSWORD_POLICY } from './password-policy';
import { enforcePasswordRules } from './password-rules';
import { registerSchema } from './schemas';

type RegisterResult = { status: 'pending_verification' };

/** Sign-ups per IP address in a window: generous for an office behind one address, a wall for a script. */
export const REGISTER_IP_LIMIT = 20;
const REGISTER_IP_WINDOW_SECONDS = 10 * 60;
/** "You already have an account" notices per address and hour. */
const ACCOUNT_EXISTS_MAILS_PER_HOUR = 3;

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Create an account: an unverified user with an argon2id hash, a verification token and the mail that
 * carries it, written in one transaction with the `user.registered` audit event.
 *
 * Never reveals whether the email already has an account: that case answers the very same way (same
 * status, same body, the password hashed all the same) and instead mails the owner a notice with links
 * to sign in or reset the password. No second account is created.
 */
export async function register(input: z.input<typeof registerSchema>, meta: RequestMeta): Promise<RegisterResult> {
  const { email, password, name } = parseInput(registerSchema, input);
  await limitByIp(meta);
  // A newcomer belongs to no tenant yet: the default rules. The same check whether or not the address has an account.
  await enforcePasswordRules({
    password,
    path: 'password',
    rules: { policy: DEFAULT_PASSWORD_POLICY, tenantNames: [] },
    person: { email, name },
  });

  // Both paths hash and both touch the kv store once, so neither is measurably faster.
  const [passwordHash, mayNotify] = await Promise.all([
    hashPassword(password),
    mailAllowed('account-exists', email, ACCOUNT_EXISTS_MAILS_PER_HOUR, 60 * 60),
  ]);

  const db = await getDb();
  try {
    await db.transaction(async (tx) => {
      const existing = await findUser(tx, email);
      if (existing) {
        if (mayNotify) await notifyOwner(tx, existing);
        return;
      }
      const [user] = await tx
        .insert(users)
        .values({ email, name, ...passwordSetColumns(passwordHash), emailVerified: null })
        .returning({ id: users.id, email: users.email, name: users.name });
      await rememberPassword(tx, user.id, passwordHash);
      const token = await issueEmailToken(tx, user.id, 'verify_email');
      await enqueueEmail(tx, {
        to: user.email,
        template: 'verifyEmail',
        data: { name: user.name, url: appUrl(`/verify-email/${token}`) },
      });
      await recordPlatformAudit(tx, null, meta, {
        action: 'user.registered',
        targetType: 'user',
        targetId: user.id,
        after: { email: user.email, name: user.name },
      });
    });
  } catch (error) {
    // Two sign-ups with one address at the same moment: the unique index lets one through; the other
    // gets the answer an existing account gets.
    if (!isUniqueViolation(error)) throw error;
    await db.transaction(async (tx) => {
      const existing = await findUser(tx, email);
      if (existing && mayNotify) await notifyOwner(tx, existing);
    });
  }
  return { status: 'pending_verification' };
}

async function findUser(tx: Tx, email: string) {
  const [row] = await tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  return row ?? null;
}

async function notifyOwner(tx: Tx, user: { id: string; email: string; name: string }) {
  await enqueueEmail(tx, {
    to: user.email,
    template: 'accountExists',
    data: { name: user.name, signInUrl: appUrl('/sign-in'), resetUrl: appUrl('/forgot-password') },
  });
}

async function limitByIp(meta: RequestMeta): Promise<void> {
  if (!meta.ip) return;
  const kv = await getKv();
  const { value, ttlSeconds } = await kv.increment(`register:ip:${meta.ip}`, REGISTER_IP_WINDOW_SECONDS);
  if (value > REGISTER_IP_LIMIT) {
    const seconds = Math.max(1, ttlSeconds);
    throw new DomainError(
      'rate_limited',
      429,
      `Too many sign-ups from this network. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`,
      undefined,
      { 'Retry-After': String(seconds) },
    );
  }
}
