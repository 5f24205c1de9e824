import type { z } from 'zod';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { getDb } from '@/db/client';
import { webauthnCredentials } from '@/db/schema';
import { requireUser, type AccountContext } from '@/lib/auth/account-context';
import { markSecondFactorVerified } from '@/lib/auth/session';
import { conflict, validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { takeChallenge } from './challenges';
import { loadAccount } from './load-user';
import { recordFactorChange } from './notify';
import { issueRecoveryCodes } from './recovery-codes';
import { addPasskeySchema } from './schemas';
import type { PasskeySummary } from './second-factor-status';
import { hasSecondFactor } from './second-factor-status';
import { relyingParty } from './webauthn-config';

const EXPIRED = 'This passkey request has expired or was already used. Start adding the passkey again.';

/**
 * Add a passkey from the browser's answer to passkeyRegistrationOptions, with a name. The challenge is spent first
 * (single use, five minutes, this person's); @simplewebauthn/server checks the answer against it, APP_URL's origin
 * and RP id. The credential id, public key, counter, transports and backup state are stored. A passkey already
 * registered (to anyone) is 409. When it is the person's first second factor, ten recovery codes are made and
 * returned this once. The session counts as verified; audited and mailed.
 */
export async function addPasskey(
  ctx: AccountContext,
  input: z.input<typeof addPasskeySchema>,
): Promise<PasskeySummary & { recoveryCodes?: string[] }> {
  const actor = requireUser(ctx.actor);
  const { challengeId, name, response } = parseInput(addPasskeySchema, input);
  const db = await getDb();
  const user = await loadAccount(db, actor.id);
  const taken = await takeChallenge(db, challengeId, 'registration', user.id);
  if (!taken) throw validationFailed([{ path: 'challengeId', message: EXPIRED }], EXPIRED);

  const { rpID, origin } = relyingParty();
  let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>['registrationInfo'];
  try {
    const result = await verifyRegistrationResponse({
      // Transports the library does not know yet are the browser's business; it ignores them.
      response: response as RegistrationResponseJSON,
      expectedChallenge: taken.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
    info = result.verified ? result.registrationInfo : undefined;
  } catch {
    info = undefined;
  }
  if (!info) {
    const message = 'The passkey could not be verified. Try again, or use another passkey or security key.';
    throw validationFailed([{ path: 'response', message }], message);
  }
  const registered = info;

  return db.transaction(async (tx) => {
    const first = !(await hasSecondFactor(tx, user.id));
    const [row] = await tx
      .insert(webauthnCredentials)
      .values({
        userId: user.id,
        credentialId: registered.credential.id,
        publicKey: Buffer.from(registered.credential.publicKey),
        counter: registered.credential.counter,
        transports: registered.credential.transports ?? [],
        deviceType: registered.credentialDeviceType,
        backedUp: registered.credentialBackedUp,
        name,
        createdAt: now(),
      })
      .onConflictDoNothing({ target: webauthnCredentials.credentialId })
      .returning({
        id: webauthnCredentials.id,
        name: webauthnCredentials.name,
        createdAt: webauthnCredentials.createdAt,
        lastUsedAt: webauthnCredentials.lastUsedAt,
      });
    if (!row) throw conflict('This passkey is already registered.');
    const recoveryCodes = first ? await issueRecoveryCodes(tx, user.id) : undefined;
    if (actor.sessionId) await markSecondFactorVerified(tx, actor.sessionId);
    await recordFactorChange(tx, actor, ctx.meta, user, {
      action: 'user.mfa_passkey_added',
      notice: 'passkey_added',
      detail: row.name,
      after: { passkey: row.name, ...(recoveryCodes ? { recoveryCodesLeft: recoveryCodes.length } : {}) },
    });
    return { ...row, ...(recoveryCodes ? { recoveryCodes } : {}) };
  });
}
