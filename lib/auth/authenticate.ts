import { eq, sql } from 'drizzle-orm';
import { getDb, type Queryable } from '@/db/client';
import { users } from '@/db/schema';
import type { RequestMeta } from '@/lib/context';
import { recordPlatformAudit } from '@/lib/audit/record';
import { DomainError, unauthenticated } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { signInSchema } from './schemas';
import { hasSecondFactorSql } from './second-factor-sql';
import { trustedDeviceId } from './device-cookie';
import { beginSignInWithLookup, recordSignInFailure, settlePasswordSignIn } from './sign-in-guard';

type AuthenticatedUser = {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  /** The password was right, but the person has a second factor: the sign-in is not done until it is given. */
  hasSecondFactor: boolean;
};

// Verified against when the email is unknown, so both answers take the same time.
let decoy: Promise<string> | null = null;
const decoyHash = () => (decoy ??= hashPassword('decoy-password-never-matches'));

/** The account a sign-in is for, as its lookup answers it. */
type SignInAccount = {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  emailVerified: boolean;
  isPlatformAdmin: boolean;
  deactivated: boolean;
  hasSecondFactor: boolean;
};

export const INVALID_CREDENTIALS = 'The email or password is incorrect.';

/**
 * Check an email and password, for the console sign-in and the token endpoint alike.
 * 400 bad input · 429 `rate_limited` while locked · 401 `unauthenticated` for a wrong email or password
 * (same words, same timing for unknown emails) · 403 `email_unverified` only after the right password · 403
 * `account_deactivated` after the right password when a platform admin has deactivated the account.
 * Successes and failures go to the platform audit trail. `deviceToken`: the caller's device cookie; valid
 * for this email, it lets the attempt past a lockout strangers caused (lib/auth/policy.ts).
 * For a person with a second factor the answer says so (`hasSecondFactor`) and the sign-in is recorded only when the
 * factor is given (`recordSignedIn`, called by the second step).
 */
export async function authenticate(
  input: unknown,
  meta: RequestMeta,
  options: { deviceToken?: string | null } = {},
): Promise<AuthenticatedUser> {
  const { email, password } = parseInput(signInSchema, input);
  const db = await getDb();
  // The attempt is taken and the account looked up in one round trip (on the PostgreSQL kv store, one statement); a
  // refused attempt (429) throws here and its lookup is not used.
  const { attempt, found: user } = await beginSignInWithLookup<SignInAccount>(
    email,
    meta.ip,
    trustedDeviceId(options.deviceToken, email),
    sql`select ${users.id} as "id", ${users.email} as "email", ${users.name} as "name", ${users.passwordHash} as "passwordHash",
          ${users.emailVerified} is not null as "emailVerified", ${users.isPlatformAdmin} as "isPlatformAdmin",
          ${users.deactivatedAt} is not null as "deactivated", ${hasSecondFactorSql(users.id)} as "hasSecondFactor"
        from ${users} where lower(${users.email}) = ${email} limit 1`,
  );

  const matches = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !user.passwordHash || !matches) {
    await recordSignInFailure(email, attempt, user ?? null, meta);
    await recordPlatformAudit(db, null, meta, {
      action: 'user.sign_in_failed',
      targetType: 'user',
      targetId: user?.id,
      after: { email },
    });
    throw unauthenticated(INVALID_CREDENTIALS);
  }
  if (!user.emailVerified) {
    throw new DomainError('email_unverified', 403, 'Confirm your email address first: follow the link we sent you.');
  }
  if (user.deactivated) {
    throw new DomainError(
      'account_deactivated',
      403,
      'This account has been deactivated. Contact your administrator if you need it again.',
    );
  }

  // One statement: the attempt's failures cleared (and an earlier lock's unlock audited), and unless a second factor
  // is still to come, lastSignInAt and the `user.signed_in` event.
  await settlePasswordSignIn(db, attempt, user, meta, !user.hasSecondFactor);
  if (needsRehash(user.passwordHash)) {
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(password) })
      .where(eq(users.id, user.id));
  }
  return { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin, hasSecondFactor: user.hasSecondFactor };
}

/**
 * A sign-in completed: the time is kept on the account and the platform audit trail records it, with the second
 * factor used when there was one (`totp`, `recovery_code` or `passkey`).
 */
export async function recordSignedIn(
  db: Queryable,
  user: { id: string; email: string; name: string; isPlatformAdmin: boolean },
  meta: RequestMeta,
  secondFactor?: 'totp' | 'recovery_code' | 'passkey',
): Promise<void> {
  await db
    .update(users)
    .set({ lastSignInAt: sql`now()` })
    .where(eq(users.id, user.id));
  await recordPlatformAudit(
    db,
    { type: 'user', id: user.id, name: user.name, email: user.email, isPlatformAdmin: user.isPlatformAdmin },
    meta,
    { action: 'user.signed_in', targetType: 'user', targetId: user.id, ...(secondFactor ? { after: { secondFactor } } : {}) },
  );
}
