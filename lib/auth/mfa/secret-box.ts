import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '@/lib/platform/env';

/**
 * Encryption at rest of TOTP secrets: AES-256-GCM under a key derived from AUTH_SECRET with HKDF-SHA256, the owner's
 * user id as additional data (a ciphertext copied to another person's row does not decrypt). Stored as
 * `v1.<iv>.<tag>.<ciphertext>` in base64url. Rotating AUTH_SECRET makes stored secrets unreadable: people then
 * enrol their authenticator app again (or use a recovery code or passkey).
 */
const VERSION = 'v1';

function key(): Buffer {
  return Buffer.from(hkdfSync('sha256', env().AUTH_SECRET, 'custos/mfa', 'totp-secret/v1', 32));
}

export function sealSecret(plain: string, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(userId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** The secret, or null when the value was not sealed for this person under the current AUTH_SECRET. */
export function openSecret(sealed: string, userId: string): string | null {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !ciphertext) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(userId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
