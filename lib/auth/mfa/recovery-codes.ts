import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { recoveryCodes } from '@/db/schema';
import { formatRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeFrom } from './policy';

/** The stored form of a recovery code: SHA-256 (hex) of its normalised form (lib/auth/mfa/policy.ts classifyCode). */
export function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(`custos-recovery:${normalised}`).digest('hex');
}

function randomCode(): string {
  let pool = randomBytes(32);
  let at = 0;
  return recoveryCodeFrom(() => {
    if (at === pool.length) {
      pool = randomBytes(32);
      at = 0;
    }
    return pool[at++];
  });
}

/**
 * A new set of ten recovery codes for the person, replacing every earlier code (used or not): the returned codes
 * ("abcde-fghij") are shown once; only their hashes are kept. Call inside the transaction that audits it.
 */
export async function issueRecoveryCodes(db: Queryable, userId: string): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(randomCode());
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values([...codes].map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return [...codes].map(formatRecoveryCode);
}
