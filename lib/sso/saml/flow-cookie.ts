import { openSecret, sealSecret } from '@/lib/auth/mfa/secret-box';

/**
 * What a SAML sign-in keeps between its AuthnRequest and the IdP's answer at the ACS: the request's id (the answer
 * must be InResponseTo it, so an answer the IdP made for someone else's request, or unasked, is refused), where to
 * go after, and when it expires. Sealed (AES-256-GCM under AUTH_SECRET, bound to the connection) into an httpOnly
 * cookie scoped to this connection's `/sso/…/saml/` path, and cleared by the ACS whatever the outcome.
 *
 * The ACS is reached by a cross-site POST from the IdP's page, which a SameSite=Lax cookie does not ride along with:
 * over https the cookie is SameSite=None; Secure. Over plain http (local development and tests, where browsers refuse
 * SameSite=None without Secure) it is Lax, which still rides along when the IdP is on the same site.
 */
export type SamlFlow = {
  requestId: string;
  returnTo: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
};

export const SAML_FLOW_TTL_SECONDS = 600;

export function samlFlowCookieName(connectionId: string, secure: boolean): string {
  return `${secure ? '__Secure-' : ''}custos-saml-${connectionId}`;
}

export function samlFlowCookiePath(tenantSlug: string, connectionId: string): string {
  return `/sso/${encodeURIComponent(tenantSlug)}/${encodeURIComponent(connectionId)}/saml/`;
}

function context(connectionId: string): string {
  return `sso/saml-flow/${connectionId}`;
}

export function sealSamlFlow(connectionId: string, flow: SamlFlow): string {
  return sealSecret(JSON.stringify(flow), context(connectionId));
}

/** The flow, or null when the value was not sealed here for this connection (tampered, another connection's). */
export function openSamlFlow(connectionId: string, sealed: string | null): SamlFlow | null {
  if (!sealed) return null;
  const plain = openSecret(sealed, context(connectionId));
  if (!plain) return null;
  try {
    const flow = JSON.parse(plain) as Partial<SamlFlow>;
    if (
      typeof flow.requestId !== 'string' ||
      typeof flow.expiresAt !== 'number' ||
      (flow.returnTo !== null && typeof flow.returnTo !== 'string')
    ) {
      return null;
    }
    return flow as SamlFlow;
  } catch {
    return null;
  }
}

export function samlFlowCookieHeader(name: string, value: string, options: { secure: boolean; maxAge: number; path: string }): string {
  const parts = [`${name}=${value}`, `Path=${options.path}`, `Max-Age=${options.maxAge}`, 'HttpOnly'];
  parts.push(options.secure ? 'SameSite=None' : 'SameSite=Lax');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
