import type { SsoAssertion } from '@/lib/sso/types';

/**
 * From a verified OIDC answer (ID token claims, then userinfo) to an SsoAssertion: the rules of what each claim means.
 */

/**
 * RFC 8176 authentication method references that are a second factor (or include one): `mfa` and `mca` say so
 * outright; a one-time code (otp, sms, tel), a key (hwk, swk, sc, pop) or a biometric (fpt, face, iris, retina, vbm)
 * is never the first factor alone in practice. `pwd`, `pin`, `kba`, `geo`, `rba`, `wia`, `user` are not.
 */
export const SECOND_FACTOR_AMR = new Set([
  'mfa',
  'mca',
  'otp',
  'sms',
  'tel',
  'hwk',
  'swk',
  'sc',
  'pop',
  'fpt',
  'face',
  'iris',
  'retina',
  'vbm',
]);

/**
 * `acr` values that mean more than one factor: the OpenID PAPE multi-factor policies, OpenID's phishing-resistant
 * `phr`/`phrh`, REFEDS MFA, NIST SP 800-63 AAL2/AAL3 (as login.gov names them) and Okta's `urn:okta:loa:2fa:any`.
 */
export const SECOND_FACTOR_ACR = new Set([
  'http://schemas.openid.net/pape/policies/2007/06/multi-factor',
  'http://schemas.openid.net/pape/policies/2007/06/multi-factor-physical',
  'phr',
  'phrh',
  'https://refeds.org/profile/mfa',
  'http://idmanagement.gov/ns/assurance/aal/2',
  'http://idmanagement.gov/ns/assurance/aal/3',
  'urn:okta:loa:2fa:any',
]);

/** Whether the provider asserted a second factor: any `amr` value above, or an `acr` above. */
export function secondFactorAsserted(claims: { amr?: unknown; acr?: unknown }): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  if (amr.some((value) => typeof value === 'string' && SECOND_FACTOR_AMR.has(value.toLowerCase()))) return true;
  return typeof claims.acr === 'string' && SECOND_FACTOR_ACR.has(claims.acr);
}

/** Group names or ids from a claim: a list of strings (or numbers), or one string; anything else is none. */
export function groupsFromClaim(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const groups = list
    .filter((g): g is string | number => typeof g === 'string' || typeof g === 'number')
    .map((g) => String(g).trim())
    .filter((g) => g.length > 0 && g.length <= 500);
  return [...new Set(groups)].slice(0, 1000);
}

/** `email_verified` is true (some providers send the string "true"). */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function stringClaim(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed && trimmed.length <= max ? trimmed : undefined;
}

/**
 * The assertion for finishSsoSignIn. `idToken` claims win over userinfo (they are signed), except that userinfo fills
 * what the ID token leaves out (providers that put only `sub` in the ID token). `amr`/`acr` are read from the ID
 * token only: they describe that authentication.
 */
export function assertionFromClaims(
  connection: { tenantId: string; connectionId: string; groupsClaim?: string },
  idToken: Record<string, unknown>,
  userinfo: Record<string, unknown> | null,
): SsoAssertion {
  const claims: Record<string, unknown> = { ...(userinfo ?? {}), ...idToken };
  const name =
    stringClaim(claims.name, 200) ??
    ([stringClaim(claims.given_name, 100), stringClaim(claims.family_name, 100)].filter(Boolean).join(' ') || undefined);
  return {
    tenantId: connection.tenantId,
    connectionId: connection.connectionId,
    subject: String(idToken.sub),
    email: stringClaim(claims.email, 320)?.toLowerCase() ?? '',
    emailVerified: isTrue(claims.email_verified),
    ...(name ? { name } : {}),
    groups: groupsFromClaim(claims[connection.groupsClaim || 'groups']),
    secondFactor: secondFactorAsserted({ amr: idToken.amr, acr: idToken.acr }),
  };
}
