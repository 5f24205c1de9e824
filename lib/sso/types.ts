import type { z } from 'zod';
import type { ssoConnectionSchema } from './schemas';

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

/** A connection as the API and the console show it (lib/sso/schemas.ts `ssoConnectionSchema`): no client secret, ever. */
export type SsoConnectionView = z.infer<typeof ssoConnectionSchema>;
