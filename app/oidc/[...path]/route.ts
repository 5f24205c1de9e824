import { handleOidcRequest } from '@/lib/oidc-provider/handle-request';

/**
 * Custos as an OpenID Provider (oidc-provider): authorization, token, userinfo, JWKS, introspection, revocation,
 * sign-out, and the interaction that signs people in with their Custos session. Discovery is at
 * /.well-known/openid-configuration.
 */
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handleOidcRequest;
export const POST = handleOidcRequest;
export const OPTIONS = handleOidcRequest;
