import * as client from 'openid-client';
import { recordTenantAudit } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import { requestMeta } from '@/lib/http/request-meta';
import { logger } from '@/lib/platform/logger';
import { connectionActor, finishSsoSignIn } from '@/lib/sso/finish-sso-sign-in';
import { loadSsoConnection } from '@/lib/sso/load-connection';
import { ssoRefusalPath, type SsoRefusalReason } from '@/lib/sso/refusal';
import { oidcRedirectUri } from '@/lib/sso/urls';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { assertionFromClaims } from './claims';
import { oidcClientConfiguration } from './discovery';
import { flowCookieHeader, isSecureRequest, oidcFlowCookieName, openOidcFlow, readCookie } from './flow-cookie';
import { openOidcClientSecret } from './prepare-connection';
import type { OidcSignInConnection } from './start-sign-in';

/**
 * Why a callback was refused, as the trail records it (`sso.sign_in_failed`, `after.reason`): never a token, a code
 * or the provider's free-text description.
 */
export type OidcFailure =
  | 'flow_missing'
  | 'flow_invalid'
  | 'flow_expired'
  | 'idp_error'
  | 'state_mismatch'
  | 'nonce_mismatch'
  | 'token_exchange_failed'
  | 'id_token_invalid'
  | 'provider_unreachable';

const REFUSAL: Record<OidcFailure, SsoRefusalReason> = {
  flow_missing: 'expired',
  flow_invalid: 'invalid_response',
  flow_expired: 'expired',
  idp_error: 'idp_error',
  state_mismatch: 'invalid_response',
  nonce_mismatch: 'invalid_response',
  token_exchange_failed: 'invalid_response',
  id_token_invalid: 'invalid_response',
  provider_unreachable: 'connection_unavailable',
};

/**
 * The provider's answer at `/sso/{tenant}/{connection}/oidc/callback`: the sealed flow cookie (single use: cleared by
 * every answer) gives state, nonce and PKCE verifier; openid-client exchanges the code (authorizationCodeGrant checks
 * state, the `iss` parameter when offered, the ID token's signature, issuer, audience, expiry and nonce); userinfo
 * fills claims the ID token leaves out; the claims become an SsoAssertion for finishSsoSignIn. Every failure leads to
 * the refusal page (303) and is audited as `sso.sign_in_failed` with a reason code — never a 500 for a bad answer.
 */
export async function handleOidcCallback(tenantSlug: string, connectionId: string, request: Request): Promise<Response> {
  const loaded = await loadSsoConnection(tenantSlug, connectionId);
  const secure = isSecureRequest(request);
  const cookieName = oidcFlowCookieName(loaded?.id ?? connectionId, secure);
  const clearCookie = flowCookieHeader(cookieName, '', { secure, maxAge: 0 });
  if (!loaded || loaded.type !== 'oidc') return withCookie(redirect(ssoRefusalPath('connection_unavailable')), clearCookie);
  const connection: OidcSignInConnection = loaded;

  const fail = async (failure: OidcFailure, detail?: Record<string, string>): Promise<Response> => {
    await recordFailure(connection, request, failure, detail);
    return withCookie(redirect(ssoRefusalPath(REFUSAL[failure])), clearCookie);
  };

  const url = new URL(request.url);
  const sealed = readCookie(request, cookieName);
  if (!sealed) return fail('flow_missing');
  const flow = openOidcFlow(connection.id, sealed);
  if (!flow) return fail('flow_invalid');
  if (flow.expiresAt <= Date.now()) return fail('flow_expired');
  const idpError = url.searchParams.get('error');
  if (idpError) return fail('idp_error', { error: idpError.slice(0, 64).replace(/[^\w.-]/g, '_') });

  const clientSecret = openOidcClientSecret(connection.secretCiphertext);
  if (!clientSecret) return fail('provider_unreachable');
  let configuration: client.Configuration;
  try {
    configuration = await oidcClientConfiguration(connection.config.issuer, connection.config.clientId, clientSecret);
  } catch {
    return fail('provider_unreachable');
  }

  // The URL the provider redirected to, as registered (the request may have reached us through a proxy under
  // another host): openid-client takes redirect_uri for the token request from it, and the answer's parameters.
  const currentUrl = new URL(oidcRedirectUri(connection.tenant.slug, connection.id));
  currentUrl.search = url.search;

  let idTokenClaims: Record<string, unknown>;
  let userinfo: Record<string, unknown> | null = null;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) return fail('id_token_invalid');
    idTokenClaims = { ...claims };
    if (tokens.access_token && configuration.serverMetadata().userinfo_endpoint) {
      try {
        userinfo = { ...(await client.fetchUserInfo(configuration, tokens.access_token, claims.sub)) };
      } catch (error) {
        // The ID token is verified and stands alone; userinfo only adds claims.
        logger.warn({ connectionId: connection.id, err: errorSummary(error) }, 'oidc userinfo not read');
      }
    }
  } catch (error) {
    const failure = classify(error);
    logger.warn(
      { connectionId: connection.id, tenantId: connection.tenant.id, failure, err: errorSummary(error) },
      'oidc callback refused',
    );
    return fail(failure, failure === 'idp_error' ? { error: idpErrorCode(error) } : undefined);
  }

  const assertion = assertionFromClaims(
    { tenantId: connection.tenant.id, connectionId: connection.id, groupsClaim: connection.config.groupsClaim },
    idTokenClaims,
    userinfo,
  );
  const response = await finishSsoSignIn(assertion, request, flow.returnTo);
  return withCookie(response, clearCookie);
}

/** Which check refused the answer, from openid-client's (oauth4webapi's) error. */
function classify(error: unknown): OidcFailure {
  if (error instanceof client.AuthorizationResponseError) return 'idp_error';
  if (error instanceof client.ResponseBodyError) return 'token_exchange_failed';
  // openid-client wraps oauth4webapi's error (whose message names the check) in a ClientError with a generic one.
  const cause = (error as { cause?: unknown } | null)?.cause;
  const message = [error, cause].map((e) => (e instanceof Error ? e.message : '')).join(' ');
  const code = (error as { code?: string } | null)?.code ?? '';
  if (/"state"/.test(message)) return 'state_mismatch';
  if (/"nonce"/.test(message)) return 'nonce_mismatch';
  const unreachable = (e: unknown) =>
    e instanceof TypeError || (e as Error)?.name === 'AbortError' || (e as Error)?.name === 'TimeoutError';
  if (code === 'OAUTH_TIMEOUT' || unreachable(error) || unreachable(cause)) return 'provider_unreachable';
  if (/ID Token|JWT|"iss"|"aud"|signature/i.test(message)) return 'id_token_invalid';
  return 'token_exchange_failed';
}

function idpErrorCode(error: unknown): string {
  const code = (error as { error?: unknown }).error;
  return typeof code === 'string' ? code.slice(0, 64).replace(/[^\w.-]/g, '_') : 'unknown';
}

function errorSummary(error: unknown): { name: string; message: string; code?: string } {
  const e = error as { name?: string; message?: string; code?: string; cause?: { message?: unknown } };
  const cause = typeof e?.cause?.message === 'string' ? `: ${e.cause.message}` : '';
  return { name: e?.name ?? 'Error', message: `${e?.message ?? ''}${cause}`.slice(0, 200), ...(e?.code ? { code: e.code } : {}) };
}

async function recordFailure(
  connection: OidcSignInConnection,
  request: Request,
  failure: OidcFailure,
  detail?: Record<string, string>,
): Promise<void> {
  try {
    await withTenant(connection.tenant.id, (tx) =>
      recordTenantAudit(tx, connection.tenant.id, connectionActor(connection), requestMeta(request), {
        action: 'sso.sign_in_failed',
        targetType: 'sso_connection',
        targetId: connection.id,
        after: { reason: failure, protocol: 'oidc', ...(detail ?? {}) },
      }),
    );
  } catch (error) {
    // The refusal page is shown all the same.
    logger.warn({ failure, err: errorSummary(error) }, 'oidc sign-in failure not audited');
    if (error instanceof DomainError && error.status === 503) throw error;
  }
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

/** The response with one more Set-Cookie (copied: a Response's headers may be immutable). */
function withCookie(response: Response, cookie: string): Response {
  const headers = new Headers(response.headers);
  headers.append('Set-Cookie', cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
