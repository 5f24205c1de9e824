import { randomUUID } from 'node:crypto';
import type { LoadedSsoConnection } from '@/lib/sso/load-connection';
import { isSecureRequest } from '@/lib/sso/oidc/flow-cookie';
import { safeReturnTo } from '@/lib/sso/policy';
import { ssoRefusalPath } from '@/lib/sso/refusal';
import { logger } from '@/lib/platform/logger';
import { now } from '@/lib/platform/clock';
import { SAML_FLOW_TTL_SECONDS, samlFlowCookieHeader, samlFlowCookieName, samlFlowCookiePath, sealSamlFlow } from './flow-cookie';
import { samlServiceProvider, singleRequestCache } from './service-provider';

export type SamlSignInConnection = Extract<LoadedSsoConnection, { type: 'saml' }>;

/** RelayState is at most 80 bytes (SAML 2.0 bindings, 3.4.3); a longer return path is kept in the cookie only. */
const RELAY_STATE_MAX_BYTES = 80;

/** `?returnTo=` when it is a path on this site, else null (the tenant's console is the default at the end). */
export function samlReturnTo(request: Request, tenantSlug: string): string | null {
  const given = new URL(request.url).searchParams.get('returnTo');
  if (!given) return null;
  const safe = safeReturnTo(given, tenantSlug);
  return safe === `/t/${tenantSlug}` && given !== safe ? null : safe;
}

/**
 * Starts a SAML sign-in: an AuthnRequest to the IdP by HTTP-Redirect (deflated, not signed: the IdP knows this SP by
 * its entity id and ACS), with RelayState carrying the return path (same-origin only). The request's id and the
 * return path go into a sealed, httpOnly cookie for ten minutes: the ACS accepts only an answer InResponseTo that id
 * from the browser that asked.
 */
export async function startSamlSignIn(connection: SamlSignInConnection, request: Request): Promise<Response> {
  const returnTo = samlReturnTo(request, connection.tenant.slug);
  const issuedAt = now().getTime();
  let requestId: string | null = null;
  const cache = singleRequestCache(null, issuedAt);
  const remembering = {
    ...cache,
    saveAsync: async (key: string, value: string) => {
      requestId = key;
      return cache.saveAsync(key, value);
    },
  };
  let location: string;
  try {
    const relayState = returnTo && Buffer.byteLength(returnTo) <= RELAY_STATE_MAX_BYTES ? returnTo : '';
    const sp = samlServiceProvider(connection, remembering);
    // node-saml's ids are `_` + hex; a UUID-based one is as unguessable and easy to find in the IdP's logs.
    sp.options.generateUniqueId = () => `_${randomUUID().replace(/-/g, '')}`;
    // Entra ID and others take a login_hint on the redirect, so the person need not type their address twice.
    const hint = new URL(request.url).searchParams.get('login_hint');
    const additionalParams = hint && hint.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(hint) ? { login_hint: hint } : undefined;
    location = await sp.getAuthorizeUrlAsync(relayState, undefined, additionalParams ? { additionalParams } : {});
  } catch (error) {
    logger.warn(
      { err: { name: (error as Error).name, message: (error as Error).message }, connectionId: connection.id },
      'saml start failed',
    );
    return new Response(null, {
      status: 303,
      headers: { Location: ssoRefusalPath('connection_unavailable'), 'Cache-Control': 'no-store' },
    });
  }
  if (!requestId)
    return new Response(null, {
      status: 303,
      headers: { Location: ssoRefusalPath('connection_unavailable'), 'Cache-Control': 'no-store' },
    });

  const secure = isSecureRequest(request);
  const sealed = sealSamlFlow(connection.id, { requestId, returnTo, expiresAt: issuedAt + SAML_FLOW_TTL_SECONDS * 1000 });
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' });
  headers.append(
    'Set-Cookie',
    samlFlowCookieHeader(samlFlowCookieName(connection.id, secure), sealed, {
      secure,
      maxAge: SAML_FLOW_TTL_SECONDS,
      path: samlFlowCookiePath(connection.tenant.slug, connection.id),
    }),
  );
  return new Response(null, { status: 303, headers });
}
