import type { z } from 'zod';
import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { AuthenticatorTransportFuture, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users, webauthnCredentials } from '@/db/schema';
import type { Actor, RequestMeta } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { getKv } from '@/lib/platform/kv';
import { parseInput } from '@/lib/validation';
import { takeChallenge, storeChallenge } from './challenges';
import { recordFactorChange } from './notify';
import { passkeyAuthenticationSchema } from './schemas';
import { invalidCode } from './verify-code';
import { relyingParty } from './webauthn-config';

const NOT_ACCEPTED = 'That passkey was not accepted. Try again, or use another passkey or a code.';

/**
 * Options for `navigator.credentials.get()` (@simplewebauthn/browser startAuthentication) and the id of the challenge
 * they carry. With `userId`: that person's passkeys are allowed (a second step after the password, or step-up), user
 * verification preferred. Without: discoverable credentials, nobody named yet (passkey-only sign-in), and user
 * verification required, since the passkey then stands for both factors.
 */
export async function passkeyAuthenticationOptions(
  input: { userId?: string },
  meta?: RequestMeta,
): Promise<{
  options: PublicKeyCredentialRequestOptionsJSON;
  challengeId: string;
}> {
  // Nobody named yet: anyone may ask, so each network address gets a budget of challenges (they are rows to store).
  if (!input.userId) await limitAnonymousOptions(meta?.ip);
  const db = await getDb();
  const { rpID } = relyingParty();
  const allow = input.userId
    ? await db
        .select({ id: webauthnCredentials.credentialId, transports: webauthnCredentials.transports })
        .from(webauthnCredentials)
        .where(eq(webauthnCredentials.userId, input.userId))
    : [];
  const options = await generateAuthenticationOptions({
    rpID,
    allowCredentials: allow.map((c) => ({ id: c.id, transports: c.transports as AuthenticatorTransportFuture[] })),
    userVerification: input.userId ? 'preferred' : 'required',
  });
  const challengeId = await storeChallenge(db, 'authentication', options.challenge, input.userId ?? null);
  return { options, challengeId };
}

/**
 * Check a browser's answer to a challenge from passkeyAuthenticationOptions. The challenge is spent first (single use,
 * five minutes, bound to the person it was made for); the credential must be registered (to `expectedUserId` when
 * given, and to the person the challenge named); the signature, origin (APP_URL's), RP id, and — for a discoverable
 * sign-in — user verification are checked by @simplewebauthn/server. On success the signature counter and the
 * passkey's last use are stored and the use is audited; a registered passkey's answer that does not verify is audited as
 * refused. Any failure: `invalid_code` (403, or `failureStatus`).
 */
export async function verifyPasskeyAuthentication(
  input: z.input<typeof passkeyAuthenticationSchema> & { expectedUserId?: string },
  meta?: RequestMeta | null,
  options: { actor?: Actor | null; failureStatus?: 401 | 403 } = {},
): Promise<{ userId: string; credentialId: string }> {
  const refuse = () => invalidCode(options.failureStatus, NOT_ACCEPTED);
  const { challengeId, response } = parseInput(passkeyAuthenticationSchema, { challengeId: input.challengeId, response: input.response });
  const db = await getDb();
  const taken = await takeChallenge(db, challengeId, 'authentication');
  if (!taken) throw refuse();
  const [credential] = await db
    .select({
      id: webauthnCredentials.id,
      userId: webauthnCredentials.userId,
      credentialId: webauthnCredentials.credentialId,
      publicKey: webauthnCredentials.publicKey,
      counter: webauthnCredentials.counter,
      transports: webauthnCredentials.transports,
      name: webauthnCredentials.name,
    })
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.credentialId, response.id))
    .limit(1);
  if (!credential) throw refuse();
  if (input.expectedUserId && credential.userId !== input.expectedUserId) throw refuse();
  if (taken.userId && credential.userId !== taken.userId) throw refuse();

  const { rpID, origin } = relyingParty();
  let verified = false;
  let newCounter = credential.counter;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: taken.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: credential.credentialId,
        publicKey: new Uint8Array(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports as AuthenticatorTransportFuture[],
      },
      requireUserVerification: !taken.userId,
    });
    verified = result.verified;
    newCounter = result.authenticationInfo.newCounter;
  } catch {
    verified = false;
  }
  if (!verified) {
    // A registered passkey whose answer did not verify (signature, origin, relying party, user verification): a
    // refusal on its owner's trail, as a wrong code is. Unknown credentials name nobody and are not recorded.
    await db.transaction(async (tx) => {
      const [user] = await tx
        .select({ id: users.id, email: users.email, name: users.name })
        .from(users)
        .where(eq(users.id, credential.userId));
      if (user) {
        await recordFactorChange(tx, options.actor ?? null, meta ?? null, user, {
          action: 'user.mfa_passkey_refused',
          after: { passkey: credential.name },
        });
      }
    });
    throw refuse();
  }

  await db.transaction(async (tx) => {
    await tx.update(webauthnCredentials).set({ counter: newCounter, lastUsedAt: now() }).where(eq(webauthnCredentials.id, credential.id));
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, credential.userId));
    if (user) {
      await recordFactorChange(tx, options.actor ?? null, meta ?? null, user, {
        action: 'user.mfa_passkey_used',
        after: { passkey: credential.name },
      });
    }
  });
  return { userId: credential.userId, credentialId: credential.id };
}

/** Passkey-only sign-in options per client address (lib/http/client-address.ts: never a client-supplied header). */
export const ANONYMOUS_OPTIONS_LIMIT = 30;
const ANONYMOUS_OPTIONS_WINDOW_SECONDS = 10 * 60;

async function limitAnonymousOptions(ip: string | null | undefined): Promise<void> {
  if (!ip) return;
  const kv = await getKv();
  const { value, ttlSeconds } = await kv.increment(`passkey-options:ip:${ip}`, ANONYMOUS_OPTIONS_WINDOW_SECONDS);
  if (value <= ANONYMOUS_OPTIONS_LIMIT) return;
  const seconds = Math.max(1, ttlSeconds);
  const minutes = Math.ceil(seconds / 60);
  throw new DomainError(
    'rate_limited',
    429,
    `Too many passkey sign-ins from this network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}
