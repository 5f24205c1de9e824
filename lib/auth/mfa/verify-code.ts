import { and, count, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { recoveryCodes, totpSecrets, users } from '@/db/schema';
import type { Actor, RequestMeta } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { getKv } from '@/lib/platform/kv';
import { recordFactorChange } from './notify';
import { classifyCode, CODE_ATTEMPTS, CODE_WINDOW_SECONDS } from './policy';
import { hashRecoveryCode } from './recovery-codes';
import { openSecret } from './secret-box';
import { matchingStep } from './totp';

/** What was typed, in words for the audit trail. */
const METHOD_WORDS = { totp: 'authenticator app code', recovery_code: 'recovery code', invalid: 'not a code' } as const;

const attemptsKey = (userId: string) => `mfa:attempts:${userId}`;

export const WRONG_CODE = 'That code is not correct. Enter the current code from your authenticator app, or an unused recovery code.';

/** A wrong code: `invalid_code`, naming the `code` field; 403 by default, 401 on the sign-in endpoints. */
export function invalidCode(status: 401 | 403 = 403, message = WRONG_CODE): DomainError {
  return new DomainError('invalid_code', status, message, [{ path: 'code', message }]);
}

function codesPaused(ttlSeconds: number): DomainError {
  const seconds = Math.max(1, ttlSeconds);
  const minutes = Math.ceil(seconds / 60);
  return new DomainError(
    'rate_limited',
    429,
    `Too many wrong codes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}

export type VerifyCodeOptions = {
  /** Who is acting, for the audit trail (the signed-in person at step-up; nobody yet during sign-in). */
  actor?: Actor | null;
  /** Status of a wrong code: 403 (default, signed in) or 401 (sign-in endpoints). */
  failureStatus?: 401 | 403;
};

/**
 * Check a second-factor code typed by a person: six digits from their authenticator app (one step of drift either way;
 * a step once accepted, or any earlier one, is refused: no replay) or one of their unused recovery codes (spent by the
 * one statement that accepts it, so of two concurrent uses one wins; audited and mailed to the owner with the count
 * left). Rate limited like passwords: every attempt is counted per person before the check, in the kv store; past
 * CODE_ATTEMPTS in CODE_WINDOW_SECONDS it answers 429 with Retry-After, and the attempt that uses up the last try
 * pauses codes (audited, owner mailed). A success clears the count. Each wrong code is audited on the platform trail.
 * Uses its own connections (not inside a PGlite tenant transaction). Returns which kind of code was accepted.
 */
export async function verifySecondFactorCode(
  userId: string,
  code: string,
  meta: RequestMeta,
  options: VerifyCodeOptions = {},
): Promise<'totp' | 'recovery_code'> {
  const kv = await getKv();
  const attempt = await kv.increment(attemptsKey(userId), CODE_WINDOW_SECONDS);
  if (attempt.value > CODE_ATTEMPTS) throw codesPaused(attempt.ttlSeconds);

  const db = await getDb();
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  const typed = classifyCode(typeof code === 'string' ? code : '');
  let accepted: 'totp' | 'recovery_code' | null = null;

  if (user && typed.kind === 'totp') {
    const [row] = await db
      .select({ sealed: totpSecrets.secretCiphertext })
      .from(totpSecrets)
      .where(and(eq(totpSecrets.userId, userId), isNotNull(totpSecrets.confirmedAt)))
      .limit(1);
    const secret = row ? openSecret(row.sealed, userId) : null;
    const step = secret ? matchingStep(secret, typed.code) : null;
    if (step !== null) {
      // Only a step later than the last one used: a replayed (or older) code finds no row.
      const taken = await db
        .update(totpSecrets)
        .set({ lastUsedStep: step })
        .where(
          and(
            eq(totpSecrets.userId, userId),
            isNotNull(totpSecrets.confirmedAt),
            or(isNull(totpSecrets.lastUsedStep), lt(totpSecrets.lastUsedStep, step)),
          ),
        )
        .returning({ userId: totpSecrets.userId });
      if (taken.length === 1) accepted = 'totp';
    }
  } else if (user && typed.kind === 'recovery_code') {
    accepted = await db.transaction(async (tx) => {
      const spent = await tx
        .update(recoveryCodes)
        .set({ usedAt: sql`now()` })
        .where(
          and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(typed.code)), isNull(recoveryCodes.usedAt)),
        )
        .returning({ id: recoveryCodes.id });
      if (spent.length !== 1) return null;
      const [left] = await tx
        .select({ n: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
      const codesLeft = Number(left?.n ?? 0);
      await recordFactorChange(tx, options.actor ?? null, meta, user, {
        action: 'user.recovery_code_used',
        notice: 'recovery_code_used',
        detail: `${codesLeft === 0 ? 'No' : codesLeft} recovery code${codesLeft === 1 ? ' is' : 's are'} left${codesLeft < 3 ? ': make new ones on your security page' : ''}.`,
        after: { codesLeft },
      });
      return 'recovery_code' as const;
    });
  }

  if (accepted) {
    await kv.delete(attemptsKey(userId));
    return accepted;
  }

  if (user) {
    await db.transaction(async (tx) => {
      await recordFactorChange(tx, options.actor ?? null, meta, user, {
        action: 'user.second_factor_failed',
        after: { attempt: attempt.value, method: METHOD_WORDS[typed.kind] },
      });
      if (attempt.value === CODE_ATTEMPTS) {
        await recordFactorChange(tx, options.actor ?? null, meta, user, {
          action: 'user.second_factor_locked',
          notice: 'codes_paused',
          after: { failures: attempt.value, minutes: CODE_WINDOW_SECONDS / 60 },
          reason: 'Too many wrong second-factor codes',
        });
      }
    });
  }
  throw invalidCode(options.failureStatus);
}
