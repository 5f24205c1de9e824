import type { Actor } from '@/lib/context';

type UserActor = Extract<Actor, { type: 'user' }>;

export const ACR_SINGLE_FACTOR = 'urn:custos:acr:1fa';
export const ACR_MULTI_FACTOR = 'urn:custos:acr:2fa';

/**
 * RFC 8176 methods and a Custos assurance level from how the Custos session was made: a password, a passkey, a
 * company (SSO) or social sign-in, and whether a second factor was checked in this session (a passkey is one).
 */
export function authenticationOf(actor: UserActor): { amr: string[]; acr: string } {
  const amr: string[] = [];
  if (actor.authMethod === 'passkey') amr.push('hwk');
  else if (actor.authMethod === 'sso' || actor.authMethod === 'oauth') amr.push('fed');
  else amr.push('pwd');
  const secondFactor = Boolean(actor.mfaVerifiedAt) || actor.authMethod === 'passkey';
  if (secondFactor) amr.push('mfa');
  return { amr, acr: secondFactor ? ACR_MULTI_FACTOR : ACR_SINGLE_FACTOR };
}
