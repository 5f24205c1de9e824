import { randomBytes } from 'node:crypto';
import { sealedBox } from '@/lib/platform/sealed-box';

/**
 * OpenID client secrets and public client ids.
 *
 * The provider compares a confidential client's secret in clear (oidc-provider's client_secret_basic/post), so the
 * secret cannot be hashed: it is sealed at rest with AES-256-GCM under a key derived from AUTH_SECRET by HKDF with a
 * label of its own (lib/platform/sealed-box.ts), the client row's id as additional data (a sealed secret copied onto
 * another client's row does not open).
 * Rotating AUTH_SECRET makes every stored client secret unreadable: those clients stop resolving until their
 * secrets are rotated.
 */
const box = sealedBox({ salt: 'custos/oidc-clients', info: 'client-secret/v1' });

/** A new client secret: 32 random bytes, base64url (43 characters). */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new public client id: `cus_` and 22 base64url characters (132 random bits, unguessable and unique). */
export function newClientId(): string {
  return `cus_${randomBytes(17).toString('base64url').slice(0, 22)}`;
}

export function sealClientSecret(plain: string, clientRowId: string): string {
  return box.seal(plain, clientRowId);
}

/** The secret, or null when it was not sealed for this client row under the current AUTH_SECRET. */
export function openClientSecret(sealed: string, clientRowId: string): string | null {
  return box.open(sealed, clientRowId);
}
