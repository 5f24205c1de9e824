import { env } from '@/lib/platform/env';

/**
 * The public addresses of a tenant's SSO connection, all under `/sso/{tenant}/{connection}/`: where a sign-in starts,
 * the OIDC redirect URI, and the SAML service provider's entity id (= its metadata URL) and ACS. One place, so the
 * routes, the IdP hand-shakes and the settings page agree.
 */
function base(tenantSlug: string, connectionId: string): string {
  return `${env().APP_URL.replace(/\/+$/, '')}/sso/${encodeURIComponent(tenantSlug)}/${encodeURIComponent(connectionId)}`;
}

export function ssoStartUrl(tenantSlug: string, connectionId: string): string {
  return `${base(tenantSlug, connectionId)}/start`;
}

export function oidcRedirectUri(tenantSlug: string, connectionId: string): string {
  return `${base(tenantSlug, connectionId)}/oidc/callback`;
}

export function samlSpEntityId(tenantSlug: string, connectionId: string): string {
  return `${base(tenantSlug, connectionId)}/saml/metadata`;
}

export function samlAcsUrl(tenantSlug: string, connectionId: string): string {
  return `${base(tenantSlug, connectionId)}/saml/acs`;
}
