import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '@/lib/platform/env';

/**
 * Encryption at rest for secrets Custos must read back (TOTP secrets, OpenID client secrets, private signing keys):
 * AES-256-GCM under a key derived from AUTH_SECRET with HKDF-SHA256 and a label of each use's own (a key for one use
 * opens nothing of another), and additional data binding the value to its row (a ciphertext copied onto another row
 * does not open). Stored as `v1.<iv>.<tag>.<ciphertext>` in base64url. Rotating AUTH_SECRET makes stored values
 * unreadable; each use says what then happens.
 */
const VERSION = 'v1';

export type SealedBox = {
  seal(plain: string, boundTo: string): string;
  /** The value, or null when it was not sealed for `boundTo` under the current AUTH_SECRET. */
  open(sealed: string, boundTo: string): string | null;
};

export function sealedBox(label: { salt: string; info: string }): SealedBox {
  const key = () => Buffer.from(hkdfSync('sha256', env().AUTH_SECRET, label.salt, label.info, 32));
  return {
    seal(plain, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(), iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    open(sealed, boundTo) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || !ciphertext) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(boundTo, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
