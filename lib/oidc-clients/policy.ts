import type { OidcClientType, OidcGrantType } from '@/db/schema/oidc';
import type { FieldError } from '@/lib/errors';

/**
 * The rules of a system's OpenID clients, as pure functions shared by the client endpoints and the console's system
 * page. The provider (lib/oidc-provider) enforces them again at sign-in: PKCE for public clients, exact redirect URIs.
 */

export const OIDC_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const satisfies readonly OidcGrantType[];
export const OIDC_CLIENT_TYPES = ['confidential', 'public'] as const satisfies readonly OidcClientType[];

export const MAX_REDIRECT_URIS = 20;
export const MAX_REDIRECT_URI_LENGTH = 2000;
export const CLIENT_NAME_MAX = 100;
/** A system rarely has more than a handful (web app, mobile app, a batch job): the cap keeps the page one table. */
export const MAX_CLIENTS_PER_SYSTEM = 50;

export const GRANT_TYPE_LABEL: Record<OidcGrantType, string> = {
  authorization_code: 'Sign-in (authorization code)',
  refresh_token: 'Refresh tokens',
  client_credentials: 'Machine-to-machine (client credentials)',
};

export const CLIENT_TYPE_LABEL: Record<OidcClientType, string> = {
  confidential: 'Confidential (server-side, has a secret)',
  public: 'Public (browser or mobile app, PKCE)',
};

/**
 * Grants a new client gets when none are given: confidential clients sign people in, refresh, and may act as
 * themselves (client credentials); public clients cannot keep a secret, so no client credentials.
 */
export function defaultGrantTypes(type: OidcClientType): OidcGrantType[] {
  return type === 'confidential' ? ['authorization_code', 'refresh_token', 'client_credentials'] : ['authorization_code', 'refresh_token'];
}

/** The loopback hosts a native or development client may use plain http on (RFC 8252 §7.3). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * What is wrong with a redirect URI, or null. Absolute https; http only on loopback or when SSO_ALLOW_HTTP=1 (test
 * set-ups); no fragment (the provider appends its answer to the query, RFC 6749 §3.1.2); no credentials in it.
 */
export function redirectUriProblem(value: string, allowHttp: boolean): string | null {
  if (value.length > MAX_REDIRECT_URI_LENGTH) return `At most ${MAX_REDIRECT_URI_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Must be an absolute URL such as https://app.example.com/callback.';
  }
  if (value.includes('#')) return 'Must not contain a fragment (#…).';
  if (url.username || url.password) return 'Must not contain a user name or password.';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    if (allowHttp || LOOPBACK_HOSTS.has(url.hostname)) return null;
    return 'Must use https:// (http:// only for localhost or 127.0.0.1).';
  }
  return 'Must use https://.';
}

export type ClientSettings = {
  type: OidcClientType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: OidcGrantType[];
};

/**
 * Everything wrong with a client's settings as a whole, each naming its field: each URI's shape, at most 20 of each
 * kind, no client credentials for a public client, refresh tokens only with sign-in, and sign-in needs a redirect URI.
 */
export function clientSettingsErrors(settings: ClientSettings, allowHttp: boolean): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['redirectUris', 'postLogoutRedirectUris'] as const) {
    const uris = settings[field];
    if (uris.length > MAX_REDIRECT_URIS) errors.push({ path: field, message: `At most ${MAX_REDIRECT_URIS} addresses.` });
    uris.forEach((uri, i) => {
      const problem = redirectUriProblem(uri, allowHttp);
      if (problem) errors.push({ path: `${field}.${i}`, message: problem });
    });
  }
  const grants = settings.grantTypes;
  if (grants.length === 0) errors.push({ path: 'grantTypes', message: 'Choose at least one grant type.' });
  if (settings.type === 'public' && grants.includes('client_credentials'))
    errors.push({ path: 'grantTypes', message: 'A public client cannot use client credentials: it cannot keep a secret.' });
  if (grants.includes('refresh_token') && !grants.includes('authorization_code'))
    errors.push({ path: 'grantTypes', message: 'Refresh tokens come with sign-in: add authorization_code.' });
  if (grants.includes('authorization_code') && settings.redirectUris.length === 0)
    errors.push({ path: 'redirectUris', message: 'Sign-in (authorization_code) needs at least one redirect URI.' });
  return errors;
}

/** The same URIs in the order given, each once. */
export function distinctUris(uris: string[]): string[] {
  return [...new Set(uris)];
}

/** The issuer's discovery document, the one address a downstream system is configured with. */
export function discoveryUrl(appUrl: string): string {
  return new URL('/.well-known/openid-configuration', appUrl).toString();
}
