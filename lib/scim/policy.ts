import { PERMISSIONS, type Permission } from '@/lib/access/permissions';

/**
 * The rules of SCIM provisioning, as pure functions used by the SCIM endpoints, the token endpoints and the console's
 * SCIM settings page alike.
 */

/** The actor name a SCIM token acts under in the trail: `SCIM (Okta)` for a token named Okta. */
export function scimActorName(tokenName: string): string {
  return `SCIM (${tokenName})`;
}

/** The SCIM base URL of a tenant, the address to give the identity provider. */
export function scimBaseUrl(appUrl: string, tenantSlug: string): string {
  return new URL(`/scim/v2/${encodeURIComponent(tenantSlug)}`, appUrl).toString();
}

/** A token is active until revoked (SCIM tokens do not expire: the directory keeps using one until it is replaced). */
export function scimTokenStatus(row: { revokedAt: Date | null }): 'active' | 'revoked' {
  return row.revokedAt ? 'revoked' : 'active';
}

/** Managing SCIM tokens is managing the tenant's setup: the `tenant.update` permission. */
export const SCIM_TOKEN_PERMISSION: Permission = 'tenant.update';

/**
 * What a SCIM token may do in its tenant: the tenant's directory provisions and deprovisions anyone and keeps teams
 * (groups) of any roles, so it acts with the whole catalog — but only through the SCIM endpoints, which call the
 * member and team functions and nothing else. The "never the last full admin" rule still holds for it.
 */
export const SCIM_PERMISSIONS: ReadonlySet<string> = new Set<string>(PERMISSIONS);

/**
 * A SCIM boolean: JSON true/false, or the strings Entra ID sends ("True", "False", any case). Anything else: undefined.
 */
export function scimBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return undefined;
}

/** Requests a SCIM token may make per minute before 429. */
export const SCIM_RATE_LIMIT_PER_MINUTE = 600;

/** Largest page a list returns (`count` above is cut to it; ServiceProviderConfig filter.maxResults). */
export const SCIM_MAX_RESULTS = 200;

/** `startIndex` (1-based, below 1 means 1) and `count` (negative means 0, default and cap SCIM_MAX_RESULTS) per RFC 7644 §3.4.2.4. */
export function scimPaging(startIndex: unknown, count: unknown): { offset: number; limit: number; startIndex: number } | { error: string } {
  const parse = (raw: unknown, fallback: number): number | null => {
    if (raw === undefined || raw === null || raw === '') return fallback;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    return Number.isSafeInteger(n) ? n : null;
  };
  const start = parse(startIndex, 1);
  if (start === null) return { error: 'startIndex must be an integer.' };
  const size = parse(count, SCIM_MAX_RESULTS);
  if (size === null) return { error: 'count must be an integer.' };
  const first = Math.max(1, start);
  return { offset: first - 1, limit: Math.min(SCIM_MAX_RESULTS, Math.max(0, size)), startIndex: first };
}

/** The enterprise extension's attributes that fill the tenant's custom member attributes. */
export const ENTERPRISE_ATTRIBUTE_KEYS = ['employeeNumber', 'department', 'manager'] as const;
export type EnterpriseAttribute = (typeof ENTERPRISE_ATTRIBUTE_KEYS)[number];

/**
 * The member attribute key each enterprise attribute fills: attribute keys are lowercase with underscores
 * (lib/tenancy/schemas.ts), so employeeNumber fills `employee_number`; department and manager keep their names.
 */
export const ENTERPRISE_ATTRIBUTE_MEMBER_KEY: Record<EnterpriseAttribute, string> = {
  employeeNumber: 'employee_number',
  department: 'department',
  manager: 'manager',
};

/** The reason a suspension by the directory carries (the member's mail and the trail show it). */
export const DIRECTORY_SUSPENSION_REASON = 'Deactivated in the organisation’s directory.';

/**
 * Whether the tenant's directory may change an account's name and address: only an account it made for this tenant,
 * that signs in with no password of its own and belongs to no other tenant. Any other account is the person's own:
 * the directory's name and address changes for it are accepted and not applied.
 */
export function directoryOwnsAccount(facts: { provisionedBy: 'sso' | 'scim' | null; hasPassword: boolean; otherTenants: number }): boolean {
  return facts.provisionedBy === 'scim' && !facts.hasPassword && facts.otherTenants === 0;
}

/**
 * The one name Custos keeps, from what a directory sends: displayName, else name.formatted, else given and family
 * name (each kept from the current name when not sent), else the current name, else the address's local part.
 */
export function nameFromScim(input: {
  displayName?: string | null;
  formatted?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  current: string | null;
  email: string;
}): string {
  if (input.displayName) return input.displayName.slice(0, 200);
  if (input.formatted) return input.formatted.slice(0, 200);
  if (input.givenName !== undefined || input.familyName !== undefined) {
    const [first = '', ...rest] = (input.current ?? '').split(' ');
    const given = input.givenName === undefined ? first : (input.givenName ?? '');
    const family = input.familyName === undefined ? rest.join(' ') : (input.familyName ?? '');
    const joined = `${given} ${family}`.trim();
    if (joined) return joined.slice(0, 200);
  }
  return input.current ?? input.email.split('@')[0];
}

/** A plausible email address (one @, a dot in the domain, no spaces), at most 254 characters. */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
