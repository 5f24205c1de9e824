import { emailDomain } from '@/lib/sso/policy';

/**
 * The rules of verified domains and "SSO required", pure (no database): which names a tenant may claim, the DNS record
 * that proves a claim, when the switch may be turned on, and whom a tenant that requires SSO lets in. The domain
 * functions (lib/sso/domains/*), the tenant request path (lib/tenancy/tenant-context.ts) and the settings page all
 * ask these.
 */

/** The TXT record's value starts with this; the rest is the domain's verification token. */
export const VERIFICATION_VALUE_PREFIX = 'custos-domain-verification=';
/** The TXT record lives on this label under the domain, so it never clutters the domain's own TXT records. */
export const VERIFICATION_LABEL = '_custos-challenge';

/** Mail services anyone can sign up to: no tenant can prove it owns them, and claiming one would capture strangers. */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'mail.ru',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'qq.com',
  '163.com',
  '126.com',
  'fastmail.com',
  'tutanota.com',
  'hey.com',
]);

/** Lowercase, trimmed, no trailing dot: the form a domain is stored and compared in. */
export function normalizeDomain(input: string): string {
  return input.trim().toLowerCase().replace(/\.$/, '');
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Why a (normalized) name cannot be claimed, in words for the `domain` field; null when it can. A domain has at least
 * two labels of letters, digits and inner hyphens (punycode for other scripts), a top-level label that is not all
 * digits (no IP addresses), at most 253 characters, and is not a public mail service.
 */
export function domainProblem(domain: string): string | null {
  if (domain.length === 0) return 'Enter a domain, such as example.com.';
  if (domain.length > 253) return 'At most 253 characters.';
  if (domain.includes('@')) return 'Enter the domain only (the part after @), such as example.com.';
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => !LABEL.test(label)) || /^[0-9]+$/.test(labels[labels.length - 1])) {
    return 'Enter a domain name such as example.com: letters, digits and hyphens, with a dot.';
  }
  if (PUBLIC_MAIL_DOMAINS.has(domain)) return 'A public mail service cannot be claimed: anyone can have an address there.';
  return null;
}

/** The DNS record a tenant publishes to prove it controls `domain`. */
export function verificationRecord(domain: string, token: string): { type: 'TXT'; name: string; value: string } {
  return { type: 'TXT', name: `${VERIFICATION_LABEL}.${domain}`, value: `${VERIFICATION_VALUE_PREFIX}${token}` };
}

/** Whether the TXT records found (each a list of strings, joined as DNS splits long values) carry the expected value. */
export function recordsProve(records: readonly (readonly string[])[], token: string): boolean {
  const expected = `${VERIFICATION_VALUE_PREFIX}${token}`;
  return records.some((chunks) => chunks.join('').trim() === expected);
}

/**
 * Why "SSO required" cannot be turned on now, or null when it can: the tenant needs a verified domain (whose members
 * it applies to) and an enabled connection (where they sign in instead); otherwise it would lock people out.
 */
export function ssoRequiredProblem(facts: { verifiedDomains: number; enabledConnections: number }): string | null {
  if (facts.verifiedDomains === 0) return 'Verify a domain first: SSO required applies to members whose email is on a verified domain.';
  if (facts.enabledConnections === 0) return 'Add and enable a single sign-on connection first: members need somewhere to sign in.';
  return null;
}

/**
 * Why a connection cannot be turned off or removed now, or null when it can: with "SSO required" on, the tenant's last
 * enabled connection is where its verified domains' members sign in; without it they would be locked out.
 */
export function connectionRemovalProblem(facts: { ssoRequired: boolean; enabledConnectionsLeft: number }): string | null {
  if (!facts.ssoRequired || facts.enabledConnectionsLeft > 0) return null;
  return 'SSO required is on and this is the last enabled connection: members on the verified domains could no longer sign in. Turn SSO required off first, or enable another connection.';
}

/** How a session was signed in (sessions.auth_method; null for sessions older than the column). */
export type AuthMethod = 'password' | 'passkey' | 'oauth' | 'sso' | null | undefined;

/**
 * Whom a tenant lets in (`enter`), refuses (`refuse`: 403 `sso_required`) or lets in on a platform admin's
 * break-glass (`break_glass`: let in and audited). Only a tenant with `ssoRequired` on refuses anyone, and only
 * people whose email is on one of its verified domains, and only when their session did not come through one of
 * this tenant's own connections (an SSO session of another tenant's IdP is not this tenant's proof). A platform
 * admin whose session is not SSO gets in, on the record. API keys are not sessions: the caller never asks for them.
 */
export function ssoRequiredDecision(facts: {
  ssoRequired: boolean;
  emailDomainVerified: boolean;
  authMethod: AuthMethod;
  sessionConnectionIsTenants: boolean;
  isPlatformAdmin: boolean;
}): 'enter' | 'refuse' | 'break_glass' {
  if (!facts.ssoRequired || !facts.emailDomainVerified) return 'enter';
  if (facts.authMethod === 'sso' && facts.sessionConnectionIsTenants) return 'enter';
  return facts.isPlatformAdmin ? 'break_glass' : 'refuse';
}

export const SSO_REQUIRED_MESSAGE = (tenantName: string) =>
  `${tenantName} requires signing in with your company account. Sign out and sign in again through your company's sign-in page.`;

/** The domain of an email address, as domains are stored (lowercase, no trailing dot). */
export function emailDomainOf(email: string): string {
  return normalizeDomain(emailDomain(email));
}
