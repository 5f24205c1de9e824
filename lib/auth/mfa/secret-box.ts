import { sealedBox } from '@/lib/platform/sealed-box';

/**
 * Encryption at rest of TOTP secrets (lib/platform/sealed-box.ts under its own label), the owner's user id as
 * additional data (a ciphertext copied to another person's row does not decrypt). Rotating AUTH_SECRET makes stored
 * secrets unreadable: people then enrol their authenticator app again (or use a recovery code or passkey).
 */
const box = sealedBox({ salt: 'custos/mfa', info: 'totp-secret/v1' });

export function sealSecret(plain: string, userId: string): string {
  return box.seal(plain, userId);
}

/** The secret, or null when the value was not sealed for this person under the current AUTH_SECRET. */
export function openSecret(sealed: string, userId: string): string | null {
  return box.open(sealed, userId);
}
