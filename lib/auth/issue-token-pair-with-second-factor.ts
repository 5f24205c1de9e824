import { getDb } from '@/db/client';
import type { RequestMeta } from '@/lib/context';
import { loadSigningKeys } from '@/lib/keys/signing-keys';
import { parseInput } from '@/lib/validation';
import { finishSignIn } from './finish-sign-in';
import { REFRESH_TOKEN_TTL_SECONDS, tokenPair, type TokenPair } from './issue-token-pair';
import { verifySecondFactorCode } from './mfa/verify-code';
import { mfaSignInSchema } from './schemas';
import { readSignInChallenge } from './sign-in-challenge';

/**
 * `POST /api/v1/auth/token/mfa`: the second step of an API sign-in. The `mfaToken` from the first step's 401 and a code
 * (authenticator app or recovery code, checked, rate limited and audited by lib/auth/mfa/verify-code.ts) → the usual
 * token pair, its session marked as having passed a second factor. A wrong code is 401 `invalid_code` and leaves the
 * token usable until it expires or the code limit is reached (429); an expired, used or unknown token is 401.
 */
export async function issueTokenPairWithSecondFactor(input: unknown, meta: RequestMeta): Promise<TokenPair> {
  const { mfaToken, code } = parseInput(mfaSignInSchema, input);
  const db = await getDb();
  const challenge = await readSignInChallenge(db, mfaToken, 'token');
  const method = await verifySecondFactorCode(challenge.userId, code, meta, { failureStatus: 401 });
  const keys = await loadSigningKeys();
  return db.transaction(async (tx) => {
    const { user, sessionId } = await finishSignIn(
      tx,
      { userId: challenge.userId, challengeId: challenge.id, kind: 'token', method, maxAgeSeconds: REFRESH_TOKEN_TTL_SECONDS },
      meta,
    );
    return tokenPair(tx, user, sessionId, keys);
  });
}
