import { z } from 'zod';
import { getDb } from '@/db/client';
import type { RequestMeta } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { finishSignIn, type SignedInUser } from './finish-sign-in';
import { verifyPasskeyAuthentication } from './mfa/passkey-authentication';
import { readSignInChallenge } from './sign-in-challenge';

export const passkeySignInSchema = z.strictObject({
  challengeId: z.uuid('This passkey request is not valid. Try again.'),
  /** The browser's AuthenticationResponseJSON (from @simplewebauthn/browser startAuthentication). */
  response: z.record(z.string(), z.unknown()),
  /** The pending sign-in after a password (second step); absent for a passkey-only sign-in. */
  mfaToken: z.string().min(20).max(200).optional(),
});

/**
 * A console sign-in with a passkey: the WebAuthn assertion is verified by @simplewebauthn (lib/auth/mfa/passkey-authentication.ts)
 * and counts as both factors (possession plus the authenticator's user verification). As the second step after a
 * password it must be the same person's passkey, and spends the pending step; alone (discoverable credential, no
 * email typed) it signs in whoever the passkey belongs to. A session marked verified follows.
 */
export async function signInWithPasskey(input: unknown, meta: RequestMeta): Promise<{ user: SignedInUser; sessionId: string }> {
  const { challengeId, response, mfaToken } = parseInput(passkeySignInSchema, input);
  const db = await getDb();
  const pending = mfaToken ? await readSignInChallenge(db, mfaToken, 'browser') : null;
  const { userId } = await verifyPasskeyAuthentication(
    { challengeId, response: response as never, expectedUserId: pending?.userId },
    meta,
    { failureStatus: 401 },
  );
  return db.transaction((tx) => finishSignIn(tx, { userId, challengeId: pending?.id ?? null, kind: 'browser', method: 'passkey' }, meta));
}
