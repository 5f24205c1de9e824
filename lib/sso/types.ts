import type { OidcConnectionConfig, SamlConnectionConfig, SsoGroupTeamMapping } from '@/db/schema';

/**
 * What an identity provider said about a person, once its answer is verified (OIDC callback: the ID token and
 * userinfo; SAML ACS: the signed assertion). `finishSsoSignIn` (lib/sso/finish-sso-sign-in.ts) takes it from there.
 */
export type SsoAssertion = {
  tenantId: string;
  connectionId: string;
  /** OIDC `sub` / SAML NameID: who the person is at the IdP, for good. */
  subject: string;
  email: string;
  /** The IdP vouches for the address (OIDC `email_verified`; SAML: the IdP is the directory, so usually true). */
  emailVerified: boolean;
  name?: string;
  /** Group names or ids from the IdP (may be empty). */
  groups: string[];
  /**
   * The IdP asserted a second factor: OIDC `amr` contains mfa/otp/hwk/swk/… or `acr` says so; SAML AuthnContext
   * stronger than a password.
   */
  secondFactor: boolean;
};

/** The type-specific settings a connection shows (never a secret). */
export type SsoConnectionConfigView = OidcConnectionConfig | SamlConnectionConfig;

/** A connection as the API and the console show it: no client secret, ever. */
export type SsoConnectionView = {
  id: string;
  type: 'oidc' | 'saml';
  name: string;
  enabled: boolean;
  jitProvisioning: boolean;
  defaultRoleIds: string[];
  groupTeamMappings: SsoGroupTeamMapping[];
  config: SsoConnectionConfigView;
  /** OIDC: a client secret is stored (sealed); it is never returned. */
  hasClientSecret: boolean;
  createdAt: string;
  updatedAt: string;
  /** Where people start signing in through this connection (the email-first sign-in page sends them here). */
  startUrl: string;
  /** SAML: the SP entity id = the SP metadata URL, and the ACS URL to register at the IdP. */
  spEntityId?: string;
  spMetadataUrl?: string;
  acsUrl?: string;
  /** OIDC: the redirect URI to register at the IdP. */
  redirectUri?: string;
};
