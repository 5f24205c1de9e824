import * as client from 'openid-client';
import type { LoadedSsoConnection } from '@/lib/sso/load-connection';
import { safeReturnTo } from '@/lib/sso/policy';
import { ssoRefusalPath } from '@/lib/sso/refusal';
import { oidcRedirectUri } from '@/lib/sso/urls';
import { logger } from '@/lib/platform/logger';
import { oidcClientConfiguration } from './discovery';
import { flowCookieHeader, isSecureRequest, OIDC_FLOW_TTL_SECONDS, oidcFlowCookieName, sealOidcFlow } from './flow-cookie';
import { openOidcClientSecret } from './prepare-connection';

export type OidcSignInConnection = Extract<LoadedSsoConnection, { type: 'oidc' }>;

const BASE_SCOPES = ['openid', 'email', 'profile'];

/** The scopes asked for: `openid email profile` and the connection's own, each once. */
export function oidcScopes(config: { scopes?: string[] }): string {
  return [...new Set([...BASE_SCOPES, ...(config.scopes ?? [])])].join(' ');
}

/**
 * Starts signing in through a tenant's OIDC connection: the authorization code flow with PKCE (S256), a fresh state
 * and nonce kept with the verifier in a sealed cookie (lib/sso/oidc/flow-cookie.ts), and a 303 to the provider's
 * authorization endpoint. `?returnTo=` (a path on this site, else ignored) is where the console goes after;
 * `?login_hint=` is passed on so the provider can fill in the email typed on the sign-in page. A provider that cannot
 * be reached (or a secret sealed under another AUTH_SECRET) sends the person to the refusal page, never a 500.
 */
export async function startOidcSignIn(connection: OidcSignInConnection, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const clientSecret = openOidcClientSecret(connection.secretCiphertext);
  let configuration: client.Configuration;
  try {
    if (!clientSecret) throw new Error('client secret does not open');
    configuration = await oidcClientConfiguration(connection.config.issuer, connection.config.clientId, clientSecret);
  } catch (error) {
    logger.warn(
      {
        connectionId: connection.id,
        tenantId: connection.tenant.id,
        err: { name: (error as Error).name, message: (error as Error).message },
      },
      'oidc sign-in could not start',
    );
    return redirect(ssoRefusalPath('connection_unavailable'));
  }

  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const requestedReturnTo = url.searchParams.get('returnTo');
  const returnTo = requestedReturnTo ? safeReturnTo(requestedReturnTo, connection.tenant.slug) : null;
  const parameters: Record<string, string> = {
    redirect_uri: oidcRedirectUri(connection.tenant.slug, connection.id),
    response_type: 'code',
    scope: oidcScopes(connection.config),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  const loginHint = url.searchParams.get('login_hint')?.trim();
  if (loginHint && loginHint.length <= 320 && ![...loginHint].some((c) => c.charCodeAt(0) < 0x20)) parameters.login_hint = loginHint;
  const authorizationUrl = client.buildAuthorizationUrl(configuration, parameters);

  const secure = isSecureRequest(request);
  const sealed = sealOidcFlow(connection.id, {
    state,
    nonce,
    codeVerifier,
    returnTo,
    expiresAt: Date.now() + OIDC_FLOW_TTL_SECONDS * 1000,
  });
  const response = redirect(authorizationUrl.href);
  response.headers.append(
    'Set-Cookie',
    flowCookieHeader(oidcFlowCookieName(connection.id, secure), sealed, { secure, maxAge: OIDC_FLOW_TTL_SECONDS }),
  );
  return response;
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}
