import type { OidcConnectionConfig } from '@/db/schema';
import { openSecret, sealSecret } from '@/lib/auth/mfa/secret-box';
import { validationFailed, type FieldError } from '@/lib/errors';
import { refusalIn, refusalWords } from '@/lib/sso/guarded-fetch';
import { discoverIssuer, httpIssuersAllowed, issuerUrl } from './discovery';

/**
 * Checks an OIDC connection's settings against the real provider (its discovery document must be readable, over
 * https unless SSO_ALLOW_HTTP=1) and returns what is stored: the config (never a secret) and the client secret sealed
 * with AES-256-GCM (lib/auth/mfa/secret-box.ts). Throws validationFailed naming the field.
 */
export type PrepareOidcConnectionInput = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes?: string[];
  groupsClaim?: string;
};

/** The additional data the client secret is sealed under: a ciphertext only opens as an OIDC client secret. */
const SECRET_CONTEXT = 'sso/oidc-client-secret';

const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/; // RFC 6749 scope-token
const BUILT_IN_SCOPES = ['openid', 'email', 'profile'];

export function sealOidcClientSecret(clientSecret: string): string {
  return sealSecret(clientSecret, SECRET_CONTEXT);
}

/** The connection's client secret, or null when it was not sealed here under the current AUTH_SECRET. */
export function openOidcClientSecret(secretCiphertext: string | null | undefined): string | null {
  return secretCiphertext ? openSecret(secretCiphertext, SECRET_CONTEXT) : null;
}

export async function prepareOidcConnection(
  input: PrepareOidcConnectionInput,
  options: { allowPrivate?: boolean } = {},
): Promise<{ config: OidcConnectionConfig; secretCiphertext: string }> {
  const errors: FieldError[] = [];
  const issuer = typeof input.issuer === 'string' ? input.issuer.trim() : '';
  const clientId = typeof input.clientId === 'string' ? input.clientId.trim() : '';
  const clientSecret = typeof input.clientSecret === 'string' ? input.clientSecret : '';

  if (!issuer) errors.push({ path: 'issuer', message: 'Enter the issuer URL of your identity provider.' });
  else if (!issuerUrl(issuer)) {
    errors.push({
      path: 'issuer',
      message: httpIssuersAllowed()
        ? 'The issuer must be an http:// or https:// URL without a user name, password or #fragment.'
        : 'The issuer must be an https:// URL without a user name, password or #fragment.',
    });
  }
  if (!clientId) errors.push({ path: 'clientId', message: 'Enter the client ID the identity provider gave you.' });
  else if (clientId.length > 512) errors.push({ path: 'clientId', message: 'The client ID must be at most 512 characters.' });
  if (!clientSecret.trim()) errors.push({ path: 'clientSecret', message: 'Enter the client secret the identity provider gave you.' });
  else if (clientSecret.length > 4096) errors.push({ path: 'clientSecret', message: 'The client secret must be at most 4096 characters.' });

  let scopes: string[] | undefined;
  if (input.scopes !== undefined) {
    if (!Array.isArray(input.scopes) || input.scopes.length > 20) {
      errors.push({ path: 'scopes', message: 'Scopes must be a list of at most 20 scope names.' });
    } else {
      input.scopes.forEach((scope, index) => {
        if (typeof scope !== 'string' || !SCOPE.test(scope) || scope.length > 100) {
          errors.push({ path: `scopes.${index}`, message: 'A scope is one word without spaces or quotes.' });
        }
      });
      scopes = [...new Set(input.scopes.filter((s) => typeof s === 'string' && !BUILT_IN_SCOPES.includes(s)))];
    }
  }
  let groupsClaim: string | undefined;
  if (input.groupsClaim !== undefined) {
    const claim = typeof input.groupsClaim === 'string' ? input.groupsClaim.trim() : '';
    if (!claim || claim.length > 200) errors.push({ path: 'groupsClaim', message: 'The groups claim is a claim name such as groups.' });
    else groupsClaim = claim;
  }
  if (errors.length > 0) throw validationFailed(errors);

  let discoveredIssuer: string;
  try {
    discoveredIssuer = (await discoverIssuer(issuer, { fresh: true, allowPrivate: options.allowPrivate })).issuer;
  } catch (error) {
    const refusal = refusalIn(error);
    if (refusal)
      throw validationFailed([{ path: 'issuer', message: `The identity provider's address is refused. ${refusalWords(refusal)}` }]);
    throw validationFailed([
      {
        path: 'issuer',
        message: `Could not read the identity provider's discovery document at ${new URL(issuer).href.replace(/\/$/, '')}/.well-known/openid-configuration, or its issuer does not match.`,
      },
    ]);
  }

  const config: OidcConnectionConfig = { issuer: discoveredIssuer, clientId };
  if (scopes && scopes.length > 0) config.scopes = scopes;
  if (groupsClaim) config.groupsClaim = groupsClaim;
  return { config, secretCiphertext: sealOidcClientSecret(clientSecret) };
}
