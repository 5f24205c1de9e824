import { randomBytes } from 'node:crypto';
import { sealedBox } from '@/lib/platform/sealed-box';

/**
 * Webhook signing secrets. Custos signs each delivery with HMAC-SHA256 per the Standard Webhooks spec, so it needs
 * the secret in clear: sealed at rest with AES-256-GCM (lib/platform/sealed-box.ts, a label of its own), bound to the
 * endpoint's row id. The secret is shown once, when the endpoint is created and when it is rotated.
 * Rotating AUTH_SECRET makes stored secrets unreadable: deliveries to such an endpoint fail until it is rotated.
 */
const box = sealedBox({ salt: 'custos/webhooks', info: 'endpoint-secret/v1' });

/** A new secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function sealEndpointSecret(plain: string, endpointId: string): string {
  return box.seal(plain, endpointId);
}

/** The secret, or null when it was not sealed for this endpoint under the current AUTH_SECRET. */
export function openEndpointSecret(sealed: string, endpointId: string): string | null {
  return box.open(sealed, endpointId);
}
