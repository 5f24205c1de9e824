import { generateRegistrationOptions } from '@simplewebauthn/server';
import type { AuthenticatorTransportFuture, PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { webauthnCredentials } from '@/db/schema';
import { requireUser, type AccountContext } from '@/lib/auth/account-context';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { storeChallenge } from './challenges';
import { loadAccount } from './load-user';
import { relyingParty } from './webauthn-config';

/**
 * Options for adding a passkey or security key (@simplewebauthn/browser startRegistration): Custos at APP_URL as the
 * relying party, the person's id as the user handle, a discoverable credential preferred (so it can sign in without
 * an email), user verification preferred, and their existing passkeys excluded (one authenticator, one entry). The
 * challenge is single use and lasts five minutes. Someone who already has a second factor needs a recent check.
 */
export async function passkeyRegistrationOptions(
  ctx: AccountContext,
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; challengeId: string }> {
  const actor = requireUser(ctx.actor);
  const db = await getDb();
  await requireRecentSecondFactor(actor, db);
  const user = await loadAccount(db, actor.id);
  const existing = await db
    .select({ id: webauthnCredentials.credentialId, transports: webauthnCredentials.transports })
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, user.id));
  const { rpName, rpID } = relyingParty();
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  const challengeId = await storeChallenge(db, 'registration', options.challenge, user.id);
  return { options, challengeId };
}
