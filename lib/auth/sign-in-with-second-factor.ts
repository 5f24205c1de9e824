import { getDb } from '@/db/client';
import type { RequestMeta } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { finishSignIn, type SignedInUser } from './finish-sign-in';
import { verifySecondFactorCode } from './mfa/verify-code';
import { mfaSignInSchema } from './schemas';
import { readSignInChallenge } from './sign-in-challenge';

/**
 * The console's second sign-in step with a code: the pending sign-in (its token rides in an httpOnly cookie, never in
 * the URL) and a code from the authenticator app or a recovery code → a browser session marked verified. The same
 * answers as the API's step two: a wrong code leaves the step usable (401 `invalid_code`), the code limit is 429,
 * an expired or used step is 401.
 */
export async function signInWithSecondFactor(input: unknown, meta: RequestMeta): Promise<{ user: SignedInUser; sessionId: string }> {
  const { mfaToken, code } = parseInput(mfaSignInSchema, input);
  const db = await getDb();
  const challenge = await readSignInChallenge(db, mfaToken, 'browser');
  const method = await verifySecondFactorCode(challenge.userId, code, meta, { failureStatus: 401 });
  return db.transaction((tx) => finishSignIn(tx, { userId: challenge.userId, challengeId: challenge.id, kind: 'browser', method }, meta));
}
