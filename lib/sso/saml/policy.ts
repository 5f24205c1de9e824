import type { Profile } from '@node-saml/node-saml';

/**
 * How a verified SAML assertion becomes what Custos knows about the person (lib/sso/types.ts SsoAssertion): the rules
 * for subject, email, name, groups and "the IdP asserted a second factor", in one place.
 */
export const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const NAMEID_TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

/** Email attributes in the order they are believed: plain names, the LDAP OID, Entra ID / AD FS claim URIs. */
export const EMAIL_ATTRIBUTES = [
  'email',
  'mail',
  'emailAddress',
  'urn:oid:0.9.2342.19200300.100.1.3',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  'http://schemas.xmlsoap.org/claims/EmailAddress',
];

export const DISPLAY_NAME_ATTRIBUTES = [
  'displayName',
  'name',
  'urn:oid:2.16.840.1.113730.3.1.241',
  'http://schemas.microsoft.com/identity/claims/displayname',
];
export const GIVEN_NAME_ATTRIBUTES = [
  'firstName',
  'givenName',
  'urn:oid:2.5.4.42',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
];
export const SURNAME_ATTRIBUTES = [
  'lastName',
  'surname',
  'sn',
  'urn:oid:2.5.4.4',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
];

/** Where groups come from when the connection names no attribute: `groups`, then Entra ID's groups claim. */
export const DEFAULT_GROUP_ATTRIBUTES = ['groups', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups'];

/** Entra ID lists how the person authenticated here; `multipleauthn` means a second factor was used. */
export const ENTRA_AUTHN_METHODS_ATTRIBUTE = 'http://schemas.microsoft.com/claims/authnmethodsreferences';
export const ENTRA_MULTIPLE_AUTHN = 'http://schemas.microsoft.com/claims/multipleauthn';

/**
 * AuthnContextClassRefs that say more than a password was used: REFEDS MFA, Entra's multipleauthn, the SAML 2.0
 * classes for two-factor tokens and smartcards with a PIN, and the `…:MultiFactor` names several IdPs use.
 */
const MFA_CONTEXT_CLASSES = new Set([
  'https://refeds.org/profile/mfa',
  ENTRA_MULTIPLE_AUTHN,
  'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI',
]);

export function contextClassMeansSecondFactor(classRef: string | null | undefined): boolean {
  if (!classRef) return false;
  const value = classRef.trim();
  return MFA_CONTEXT_CLASSES.has(value) || /(^|[:/#])MultiFactor$/i.test(value);
}

/** The text values of an attribute (node-saml gives a string, an array, or an object for typed values). */
function values(profile: Profile, name: string): string[] {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const raw = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return list
    .map((v) =>
      typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { _?: unknown })._ === 'string' ? (v as { _: string })._ : '',
    )
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function first(profile: Profile, names: string[]): string | undefined {
  for (const name of names) {
    const [value] = values(profile, name);
    if (value) return value;
  }
  return undefined;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type MappedSamlPerson = {
  subject: string;
  email: string | null;
  name?: string;
  groups: string[];
  secondFactor: boolean;
};

export type SamlMappingProblem = 'subject_missing' | 'subject_transient';

/** The AuthnContextClassRef of the assertion's AuthnStatement (node-saml's xml2js form), or null. */
export function authnContextClassRef(profile: Profile): string | null {
  const assertion = profile.getAssertion?.() as { Assertion?: { AuthnStatement?: unknown } } | undefined;
  const statements = assertion?.Assertion?.AuthnStatement;
  if (!Array.isArray(statements)) return null;
  for (const statement of statements as { AuthnContext?: { AuthnContextClassRef?: { _?: string }[] }[] }[]) {
    const ref = statement.AuthnContext?.[0]?.AuthnContextClassRef?.[0]?._;
    if (typeof ref === 'string' && ref.trim() !== '') return ref.trim();
  }
  return null;
}

/**
 * Subject = NameID (a transient NameID changes at every sign-in, so it cannot name a person: refused). Email = the
 * NameID when its format is emailAddress, else the first usual email attribute. Groups from the connection's groups
 * attribute, or `groups` / Entra's groups claim. Second factor from the AuthnContextClassRef or Entra's
 * authnmethodsreferences.
 */
export function mapSamlProfile(profile: Profile, options: { groupsAttribute?: string }): MappedSamlPerson | SamlMappingProblem {
  const subject = (profile.nameID ?? '').trim();
  if (!subject) return 'subject_missing';
  if (profile.nameIDFormat === NAMEID_TRANSIENT) return 'subject_transient';

  const candidates = [profile.nameIDFormat === NAMEID_EMAIL ? subject : undefined, first(profile, EMAIL_ATTRIBUTES)];
  const email = candidates.find((c): c is string => typeof c === 'string' && EMAIL_SHAPE.test(c))?.toLowerCase() ?? null;

  let name = first(profile, DISPLAY_NAME_ATTRIBUTES);
  if (!name) {
    const parts = [first(profile, GIVEN_NAME_ATTRIBUTES), first(profile, SURNAME_ATTRIBUTES)].filter(Boolean);
    if (parts.length > 0) name = parts.join(' ');
  }

  const groupAttributes = options.groupsAttribute ? [options.groupsAttribute] : DEFAULT_GROUP_ATTRIBUTES;
  const groups = [...new Set(groupAttributes.flatMap((attribute) => values(profile, attribute)))];

  const secondFactor =
    contextClassMeansSecondFactor(authnContextClassRef(profile)) ||
    values(profile, ENTRA_AUTHN_METHODS_ATTRIBUTE).some((v) => v === ENTRA_MULTIPLE_AUTHN || contextClassMeansSecondFactor(v));

  return { subject, email, ...(name ? { name: name.slice(0, 200) } : {}), groups, secondFactor };
}
