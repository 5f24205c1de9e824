import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '@/lib/platform/env';

/**
 * OpenID client secrets and public client ids.
 *
 * The provider compares a confidential client's secret in clear (oidc-provider's client_secret_basic/post), so the
 * secret cannot be hashed: it is sealed at rest with AES-256-GCM under a key derived from AUTH_SECRET by HKDF with a
 * label of its own (a key for TOTP secrets opens nothing here), the client row's id as additional data (a sealed
 * secret copied onto another client's row does not open). Stored as `v1.<iv>.<tag>.<ciphertext>` in base64url.
 * Rotating AUTH_SECRET makes every stored client secret unreadable: those clients stop resolving until their
 * secrets are rotated.
 */
const VERSION = 'v1';

function key(): Buffer {
  return Buffer.from(hkdfSync('sha256', env().AUTH_SECRET, 'custos/oidc-clients', 'client-secret/v1', 32));
}

/** A new client secret: 32 random bytes, base64url (43 characters). */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new public client id: `cus_` and 22 base64url characters (132 random bits, unguessable and unique). */
export function newClientId(): string {
  return `cus_${randomBytes(17).toString('base64url').slice(0, 22)}`;
}

export function sealClientSecret(plain: string, clientRowId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(clientRowId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** The secret, or null when it was not sealed for this client row under the current AUTH_SECRET. */
export function openClientSecret(sealed: string, clientRowId: string): string | null {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !ciphertext) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(clientRowId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
