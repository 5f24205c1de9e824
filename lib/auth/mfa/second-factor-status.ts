import { and, asc, count, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { recoveryCodes, totpSecrets, webauthnCredentials } from '@/db/schema';

export type PasskeySummary = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };
export type SecondFactorStatus = { totp: boolean; passkeys: PasskeySummary[]; recoveryCodesLeft: number };

/**
 * A person's second factors as the account page and `GET /api/v1/me/mfa` show them: whether an authenticator app is
 * active (a confirmed one; an enrolment in progress does not count), their passkeys oldest first, and how many
 * recovery codes are left unused. Reads only columns the runtime role may read, so it also works inside a tenant
 * transaction (`ctx.db`).
 */
export async function secondFactorStatus(db: Queryable, userId: string): Promise<SecondFactorStatus> {
  const [totp] = await db
    .select({ userId: totpSecrets.userId })
    .from(totpSecrets)
    .where(and(eq(totpSecrets.userId, userId), isNotNull(totpSecrets.confirmedAt)))
    .limit(1);
  const passkeys = await db
    .select({
      id: webauthnCredentials.id,
      name: webauthnCredentials.name,
      createdAt: webauthnCredentials.createdAt,
      lastUsedAt: webauthnCredentials.lastUsedAt,
    })
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, userId))
    .orderBy(asc(webauthnCredentials.createdAt), asc(webauthnCredentials.id));
  const [codes] = await db
    .select({ left: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { totp: Boolean(totp), passkeys, recoveryCodesLeft: Number(codes?.left ?? 0) };
}

/** Whether the person has a second factor: a confirmed authenticator app or at least one passkey. Recovery codes alone do not count. */
export async function hasSecondFactor(db: Queryable, userId: string): Promise<boolean> {
  const [totp] = await db
    .select({ userId: totpSecrets.userId })
    .from(totpSecrets)
    .where(and(eq(totpSecrets.userId, userId), isNotNull(totpSecrets.confirmedAt)))
    .limit(1);
  if (totp) return true;
  const [passkey] = await db
    .select({ id: webauthnCredentials.id })
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, userId))
    .limit(1);
  return Boolean(passkey);
}
