import type { SsoGroupTeamMapping } from '@/db/schema';

/**
 * The rules of enterprise sign-in, pure (no database): whom an IdP's answer may be linked to, which teams a person's
 * IdP groups put them in and take them out of, where the console goes after signing in, and when an IdP's second
 * factor stands for one of ours. lib/sso/finish-sso-sign-in.ts loads the facts and calls these; the console asks
 * the same functions.
 */

/** The domain part of an email address, lowercase. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Whether an IdP's answer may be linked to an existing account with the same email: only when the IdP vouches for the
 * address, and either the address's domain is one the tenant has proven it owns, or the person is already a member of
 * the tenant (its administrators let them in). Otherwise anyone able to configure an IdP could take over an account.
 */
export function mayLinkExistingAccount(facts: {
  emailVerifiedByIdp: boolean;
  emailDomainVerifiedByTenant: boolean;
  alreadyMember: boolean;
}): boolean {
  return facts.emailVerifiedByIdp && (facts.emailDomainVerifiedByTenant || facts.alreadyMember);
}

/**
 * The team changes a sign-in makes: the mapped teams of the groups the IdP lists are added; the mapped teams the IdP
 * no longer lists are removed; teams no mapping names are never touched. Group names match exactly.
 */
export function teamChangesForGroups(
  mappings: readonly SsoGroupTeamMapping[],
  groups: readonly string[],
  currentTeamIds: readonly string[],
): { add: string[]; remove: string[] } {
  const listed = new Set(groups);
  const wanted = new Set(mappings.filter((m) => listed.has(m.group)).map((m) => m.teamId));
  const mapped = new Set(mappings.map((m) => m.teamId));
  const current = new Set(currentTeamIds);
  return {
    add: [...wanted].filter((id) => !current.has(id)),
    remove: [...mapped].filter((id) => !wanted.has(id) && current.has(id)),
  };
}

/**
 * Where to go after signing in: `returnTo` when it is a path on this site (`/t/acme/batches`), never another origin
 * (`//evil.example`, `https://…`, `/\evil`); otherwise the tenant's console.
 */
export function safeReturnTo(returnTo: string | null | undefined, tenantSlug: string): string {
  const fallback = `/t/${tenantSlug}`;
  if (!returnTo || typeof returnTo !== 'string' || returnTo.length > 2000) return fallback;
  if (!returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.startsWith('/\\')) return fallback;
  if ([...returnTo].some((c) => c.charCodeAt(0) < 0x20 || c === '\\')) return fallback;
  try {
    const url = new URL(returnTo, 'http://custos.invalid');
    if (url.origin !== 'http://custos.invalid') return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/**
 * A session signed in through a tenant's SSO connection whose IdP asserted a second factor (its mfaVerifiedAt set at
 * sign-in) counts as having one for the tenant's MFA policy: the person need not enrol a factor of ours.
 */
export function idpSecondFactorSatisfies(session: { authMethod?: string | null; mfaVerifiedAt?: Date | null }): boolean {
  return session.authMethod === 'sso' && session.mfaVerifiedAt != null;
}
