import type { z } from 'zod';
import { getDb } from '@/db/client';
import type { Actor, RequestMeta } from '@/lib/context';
import { DomainError, forbidden } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { passkeyAuthenticationOptions, verifyPasskeyAuthentication } from './mfa/passkey-authentication';
import { passkeyAuthenticationSchema } from './mfa/schemas';
import { verifySecondFactorCode } from './mfa/verify-code';
import { STEP_UP_WINDOW_MS } from './mfa-policy';
import { stepUpCodeSchema } from './schemas';
import { markSecondFactorVerified } from './session';

export type StepUpResult = { mfaVerifiedAt: string; validUntil: string };

type UserSession = Extract<Actor, { type: 'user' }> & { sessionId: string };

/** Step-up belongs to a person's session (console cookie or bearer token): an API key or a sessionless actor cannot. */
function personSession(actor: Actor | null): UserSession {
  if (actor?.type !== 'user' || !actor.sessionId) throw forbidden('Only a signed-in person can confirm a second factor.');
  if (actor.hasSecondFactor === false) {
    throw new DomainError('conflict', 409, 'You have no second factor yet. Set up an authenticator app or a passkey first.');
  }
  return actor as UserSession;
}

async function markVerified(sessionId: string): Promise<StepUpResult> {
  await markSecondFactorVerified(await getDb(), sessionId);
  const at = now();
  return { mfaVerifiedAt: at.toISOString(), validUntil: new Date(at.getTime() + STEP_UP_WINDOW_MS).toISOString() };
}

/**
 * `POST /api/v1/me/mfa/verify {code}`: a code from the authenticator app or a recovery code (checked, rate limited and
 * audited by lib/auth/mfa/verify-code.ts) marks this session as having passed a second factor: sensitive operations
 * (step-up) are open for the next ten minutes. A wrong code is 403 `invalid_code`; too many are 429.
 */
export async function verifyStepUpWithCode(
  actor: Actor | null,
  input: z.input<typeof stepUpCodeSchema>,
  meta: RequestMeta,
): Promise<StepUpResult> {
  const person = personSession(actor);
  const { code } = parseInput(stepUpCodeSchema, input);
  await verifySecondFactorCode(person.id, code, meta, { actor: person });
  return markVerified(person.sessionId);
}

/** `POST /api/v1/me/mfa/verify/passkey/options`: a challenge for one of the person's own passkeys. */
export async function stepUpPasskeyOptions(actor: Actor | null) {
  const person = personSession(actor);
  return passkeyAuthenticationOptions({ userId: person.id });
}

/** `POST /api/v1/me/mfa/verify/passkey {challengeId, response}`: the same as a code, with one of the person's passkeys. */
export async function verifyStepUpWithPasskey(
  actor: Actor | null,
  input: z.input<typeof passkeyAuthenticationSchema>,
  meta: RequestMeta,
): Promise<StepUpResult> {
  const person = personSession(actor);
  const data = parseInput(passkeyAuthenticationSchema, input);
  await verifyPasskeyAuthentication({ ...data, expectedUserId: person.id }, meta, { actor: person });
  return markVerified(person.sessionId);
}
