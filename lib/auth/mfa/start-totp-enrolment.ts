import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { totpSecrets } from '@/db/schema';
import { requireUser, type AccountContext } from '@/lib/auth/account-context';
import { requireRecentSecondFactor } from '@/lib/auth/step-up';
import { conflict } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { loadAccount } from './load-user';
import { sealSecret } from './secret-box';
import { newTotpSecret, totpFor } from './totp';

/**
 * Begin setting up an authenticator app: a fresh secret, kept sealed and unconfirmed (it counts for nothing until a
 * code from the app confirms it, lib/auth/mfa/confirm-totp-enrolment.ts); starting again replaces an unconfirmed one.
 * Returns the key (base32) and the otpauth:// URL (issuer Custos, the email as label) for the QR code — the only
 * time the key leaves the server. Someone who already has a second factor needs a recent check (step-up); an active
 * app must be removed first (409).
 */
export async function startTotpEnrolment(ctx: AccountContext): Promise<{ secret: string; otpauthUrl: string }> {
  const actor = requireUser(ctx.actor);
  const db = await getDb();
  await requireRecentSecondFactor(actor, db);
  const user = await loadAccount(db, actor.id);
  const [active] = await db
    .select({ userId: totpSecrets.userId })
    .from(totpSecrets)
    .where(and(eq(totpSecrets.userId, user.id), isNotNull(totpSecrets.confirmedAt)))
    .limit(1);
  if (active) throw conflict('An authenticator app is already set up. Remove it first to set up another.');

  const secret = newTotpSecret();
  const sealed = sealSecret(secret, user.id);
  const written = await db
    .insert(totpSecrets)
    .values({ userId: user.id, secretCiphertext: sealed, createdAt: now() })
    .onConflictDoUpdate({
      target: totpSecrets.userId,
      set: { secretCiphertext: sealed, createdAt: now(), lastUsedStep: null },
      // Never overwrite an app confirmed meanwhile.
      setWhere: isNull(totpSecrets.confirmedAt),
    })
    .returning({ userId: totpSecrets.userId });
  if (written.length === 0) throw conflict('An authenticator app is already set up. Remove it first to set up another.');
  return { secret, otpauthUrl: totpFor(secret, user.email).toString() };
}
