import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { getDb } from '@/db/client';
import { recoveryCodes, totpSecrets, webauthnCredentials } from '@/db/schema';
import { confirmTotpEnrolment } from '@/lib/auth/mfa/confirm-totp-enrolment';
import { passkeyRegistrationOptions } from '@/lib/auth/mfa/passkey-registration-options';
import { startTotpEnrolment } from '@/lib/auth/mfa/start-totp-enrolment';
import { markSecondFactorVerified } from '@/lib/auth/session';
import type { Actor } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import type { TestUser } from './fixtures';

/** Second factors for tests: enrol through the domain functions, codes computed by otpauth, a clean slate per fixture. */

const meta = { requestId: 'test-mfa', ip: '127.0.0.1', userAgent: 'vitest' };

/** The signed-in person behind a test user's session, as the route wrapper would resolve it. */
export const actorOf = (user: TestUser): Actor => ({
  type: 'user',
  id: user.id,
  name: user.name,
  email: user.email,
  isPlatformAdmin: false,
  sessionId: user.sessionId,
});

/** The code an authenticator app shows now (by the app's clock), or `stepsAhead` 30-second steps later. */
export function totpCode(secret: string, stepsAhead = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now().getTime() + stepsAhead * 30_000 });
}

/** Remove every second factor of a person (authenticator app, passkeys, recovery codes). */
export async function clearSecondFactors(userId: string): Promise<void> {
  const db = await getDb();
  await db.delete(totpSecrets).where(eq(totpSecrets.userId, userId));
  await db.delete(webauthnCredentials).where(eq(webauthnCredentials.userId, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** Start an authenticator-app enrolment for the person (not yet confirmed); the key. */
export async function startTotpFor(user: TestUser): Promise<string> {
  return (await startTotpEnrolment({ actor: actorOf(user), meta })).secret;
}

/** An active authenticator app for the person (their session counts as verified); the key and recovery codes. */
export async function enrolTotpFor(user: TestUser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const secret = await startTotpFor(user);
  const { recoveryCodes: codes } = await confirmTotpEnrolment({ actor: actorOf(user), meta }, { code: totpCode(secret) });
  return { secret, recoveryCodes: codes };
}

/** A stored passkey of the person, as a registration leaves it (its key is not a real one: only the API around it is used). */
export async function storedPasskeyFor(user: TestUser, name = 'Test key'): Promise<string> {
  const db = await getDb();
  const [row] = await db
    .insert(webauthnCredentials)
    .values({ userId: user.id, credentialId: `test-${crypto.randomUUID()}`, publicKey: Buffer.from([1]), deviceType: 'multiDevice', name })
    .returning({ id: webauthnCredentials.id });
  await markSecondFactorVerified(db, user.sessionId);
  return row.id;
}

/** A registration challenge for the person, and a well-formed answer no authenticator made (the server refuses it: 400). */
export async function unverifiablePasskeyBody(user: TestUser): Promise<{ challengeId: string; name: string; response: unknown }> {
  const { challengeId } = await passkeyRegistrationOptions({ actor: actorOf(user), meta });
  return {
    challengeId,
    name: 'Sweep key',
    response: {
      id: 'c3dlZXAta2V5',
      rawId: 'c3dlZXAta2V5',
      type: 'public-key',
      response: { clientDataJSON: 'e30', attestationObject: 'o2NmbXRkbm9uZQ', transports: ['usb'] },
      clientExtensionResults: {},
    },
  };
}
