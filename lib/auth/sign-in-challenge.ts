import { and, eq, gt, isNull } from 'drizzle-orm';
import { getDb, type Queryable } from '@/db/client';
import { signInChallenges } from '@/db/schema';
import { DomainError, unauthenticated } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { hashToken, newToken } from './one-time-token';

/**
 * The half-done sign-in between the password and the second factor (db/schema/sign-in-challenges.ts): a random
 * `mfaToken` (only its SHA-256 stored) bound to the person and to where the password was given (console or API),
 * good for five minutes and for one completed sign-in. A wrong code leaves it usable (the code's own rate limit
 * stops guessing); completing the sign-in spends it.
 */
export const SIGN_IN_CHALLENGE_TTL_SECONDS = 5 * 60;
const TOKEN_PREFIX = 'cmf_';

export type SignInChallengeKind = 'browser' | 'token';

/** Raised after the right password for a person with a second factor: no session yet, only the token for step two. */
export class SecondFactorRequired extends DomainError {
  constructor(
    readonly mfaToken: string,
    readonly userId: string,
  ) {
    super(
      'mfa_required',
      401,
      'Enter a code from your authenticator app or a recovery code: send it with this mfaToken to POST /api/v1/auth/token/mfa within 5 minutes.',
    );
  }
}

/** `ssoConnectionId`: the first step was a sign-in through that tenant connection, not a password. */
export async function issueSignInChallenge(
  db: Queryable,
  userId: string,
  kind: SignInChallengeKind,
  firstStep: { ssoConnectionId: string } | null = null,
): Promise<string> {
  const { token, hash } = newToken(TOKEN_PREFIX);
  const at = now();
  await db.insert(signInChallenges).values({
    userId,
    kind,
    ssoConnectionId: firstStep?.ssoConnectionId ?? null,
    tokenHash: hash,
    createdAt: at,
    expiresAt: new Date(at.getTime() + SIGN_IN_CHALLENGE_TTL_SECONDS * 1000),
  });
  return token;
}

const stepOver = () => unauthenticated('This sign-in step has expired or was already used. Start again with your email and password.');

/** The live challenge a token names (unused, unexpired, of this kind), or 401. */
export async function readSignInChallenge(
  db: Queryable,
  token: string,
  kind: SignInChallengeKind,
): Promise<{ id: string; userId: string }> {
  const [row] = await db
    .select({ id: signInChallenges.id, userId: signInChallenges.userId })
    .from(signInChallenges)
    .where(
      and(
        eq(signInChallenges.tokenHash, hashToken(token)),
        eq(signInChallenges.kind, kind),
        isNull(signInChallenges.usedAt),
        gt(signInChallenges.expiresAt, now()),
      ),
    )
    .limit(1);
  if (!row) throw stepOver();
  return row;
}

/**
 * Spend the challenge as the sign-in completes: one UPDATE, so of two concurrent completions exactly one wins (the
 * other 401). Answers the SSO connection that was the first step, if any.
 */
export async function spendSignInChallenge(db: Queryable, id: string): Promise<{ ssoConnectionId: string | null }> {
  const at = now();
  const [spent] = await db
    .update(signInChallenges)
    .set({ usedAt: at })
    .where(and(eq(signInChallenges.id, id), isNull(signInChallenges.usedAt), gt(signInChallenges.expiresAt, at)))
    .returning({ id: signInChallenges.id, ssoConnectionId: signInChallenges.ssoConnectionId });
  if (!spent) throw stepOver();
  return { ssoConnectionId: spent.ssoConnectionId };
}

/** The console's pending sign-in behind its cookie, or null when it has expired or was used (the page then says so). */
export async function readPendingSignIn(token: string): Promise<{ id: string; userId: string } | null> {
  const db = await getDb();
  return readSignInChallenge(db, token, 'browser').catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'unauthenticated') return null;
    throw error;
  });
}
