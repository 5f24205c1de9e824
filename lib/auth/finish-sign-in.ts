import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { users } from '@/db/schema';
import type { RequestMeta } from '@/lib/context';
import { DomainError, unauthenticated } from '@/lib/errors';
import { recordSignedIn } from './authenticate';
import { createSession, SESSION_MAX_AGE_SECONDS } from './session';
import { spendSignInChallenge } from './sign-in-challenge';

export type SignedInUser = { id: string; email: string; name: string; isPlatformAdmin: boolean };

/**
 * The end of a sign-in that passed a second factor (a code after the password, or a passkey): inside the caller's
 * transaction, spend the pending challenge (if any; a concurrent completion makes this one 401), refuse an account
 * that cannot sign in (email unconfirmed, deactivated), record the sign-in with the factor used and open a session
 * marked as verified (step-up counts it for ten minutes).
 */
export async function finishSignIn(
  tx: Queryable,
  facts: {
    userId: string;
    challengeId: string | null;
    kind: 'browser' | 'token';
    method: 'totp' | 'recovery_code' | 'passkey';
    maxAgeSeconds?: number;
  },
  meta: RequestMeta,
): Promise<{ user: SignedInUser; sessionId: string }> {
  const firstStep = facts.challengeId ? await spendSignInChallenge(tx, facts.challengeId) : null;
  const [row] = await tx
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      isPlatformAdmin: users.isPlatformAdmin,
      emailVerified: users.emailVerified,
      deactivatedAt: users.deactivatedAt,
    })
    .from(users)
    .where(eq(users.id, facts.userId));
  if (!row) throw unauthenticated();
  if (row.deactivatedAt)
    throw new DomainError('account_deactivated', 403, 'This account has been deactivated. Contact your administrator.');
  if (!row.emailVerified) throw new DomainError('email_unverified', 403, 'Confirm your email address first: follow the link we sent you.');
  const user: SignedInUser = { id: row.id, email: row.email, name: row.name, isPlatformAdmin: row.isPlatformAdmin };
  await recordSignedIn(tx, user, meta, facts.method);
  const session = await createSession(
    tx,
    user.id,
    // A passkey alone is the whole sign-in; a code or a passkey after the password is a password sign-in's second step,
    // and after a tenant's SSO connection it is still an SSO sign-in through that connection (SSO required counts it).
    {
      ...meta,
      kind: facts.kind,
      secondFactor: true,
      ...(firstStep?.ssoConnectionId
        ? { authMethod: 'sso' as const, ssoConnectionId: firstStep.ssoConnectionId }
        : { authMethod: facts.method === 'passkey' && !facts.challengeId ? ('passkey' as const) : ('password' as const) }),
    },
    facts.maxAgeSeconds ?? SESSION_MAX_AGE_SECONDS,
  );
  return { user, sessionId: session.id };
}
