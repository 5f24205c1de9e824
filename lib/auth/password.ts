import argon2 from 'argon2';

/**
 * Password hashing: argon2id with OWASP's minimum recommended parameters
 * (19 MiB memory, 2 iterations, 1 lane). Hashes embed their parameters, so raising them later
 * still verifies old hashes (and `needsRehash` tells when to upgrade one at sign-in).
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, ARGON2_OPTIONS);
}
