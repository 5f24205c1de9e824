import { compactVerify, decodeProtectedHeader } from 'jose';
import { publishedKey } from '@/lib/keys/signing-keys';
import { findClientForProvider } from '@/lib/oidc-clients/find-client-for-provider';
import { systemAccessOf } from './account';
import { authenticateClient } from './client-authentication';
import { DatabaseAdapter } from './database-adapter';
import { findIssuedToken, revokeIssuedToken } from './issued-tokens';
import { issuer } from './provider';

/**
 * Introspection (RFC 7662) and revocation (RFC 7009) of the JWT access tokens Custos issues for its systems.
 * oidc-provider keeps no copy of structured tokens and answers `unsupported_token_type` for them; these requests are
 * answered here, before the provider sees them, from the token's id (oidc_issued_tokens) and the member's state NOW.
 * Anything that is not a JWT signed by one of Custos's published keys goes on to oidc-provider (opaque access tokens,
 * refresh tokens): `null` says so.
 */
/** A JWT naming one of Custos's keys: its payload when the signature verifies, null when it does not (forged or damaged). */
type CustosJwt = { payload: Record<string, unknown> | null };

/** The token when it is a JWT whose header names one of Custos's published keys; else null (not Custos's to answer). */
async function custosJwt(token: string): Promise<CustosJwt | null> {
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return null;
  let kid: string | undefined;
  let alg: string | undefined;
  try {
    ({ kid, alg } = decodeProtectedHeader(token));
  } catch {
    return null;
  }
  if (!kid || alg !== 'ES256') return null;
  const key = await publishedKey(kid);
  if (!key) return null;
  try {
    // The signature only: expiry and revocation are judged below (an expired token may still be revoked).
    const { payload } = await compactVerify(token, key, { algorithms: ['ES256'] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as unknown;
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) return { payload: null };
    return { payload: claims as Record<string, unknown> };
  } catch {
    return { payload: null };
  }
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' };

function json(body: unknown, status = 200, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...extra } });
}

function oauthError(status: number, error: string, description: string, basic: boolean): Response {
  const extra: Record<string, string> = {};
  if (status === 401 && basic) extra['www-authenticate'] = `Basic realm="${issuer()}", error="${error}"`;
  return json({ error, error_description: description }, status, extra);
}

/**
 * Answer POST introspection/revocation when its `token` is a Custos JWT access token; null to let oidc-provider
 * answer. `body` is the request's form body (already read).
 */
export async function answerForJwtAccessToken(
  endpoint: 'introspection' | 'revocation',
  authorization: string | null,
  body: URLSearchParams,
): Promise<Response | null> {
  const token = body.get('token');
  if (!token) return null; // oidc-provider names the missing parameter
  const verified = await custosJwt(token);
  if (!verified) return null;

  const caller = await authenticateClient(authorization, body);
  if (!caller.ok) return oauthError(caller.status, caller.error, caller.description, caller.basic);

  if (!verified.payload) {
    // Custos's key named, signature wrong: nothing of ours; inactive (RFC 7662), and nothing to revoke (RFC 7009: 200).
    return endpoint === 'revocation'
      ? new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } })
      : json({ active: false });
  }
  const jti = typeof verified.payload.jti === 'string' ? verified.payload.jti : null;
  const row = jti ? await findIssuedToken(jti) : null;

  if (endpoint === 'revocation') {
    // Only the client the token was issued to may revoke it; RFC 7009 answers 200 whatever the token.
    if (row && row.clientId === caller.client.clientId) await revokeIssuedToken(row.jti);
    return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
  }

  const inactive = json({ active: false });
  // Public clients may revoke their tokens but not introspect.
  if (caller.client.type === 'public') return inactive;
  if (!row || row.revokedAt !== null) return inactive;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const exp = Number(verified.payload.exp);
  if (!Number.isFinite(exp) || exp <= nowSeconds || row.expiresAt.getTime() <= Date.now()) return inactive;
  if (verified.payload.iss !== issuer()) return inactive;
  // The caller must be a client of the token's system, and the token's own client must still resolve (system active,
  // tenant not suspended, client not removed).
  if (caller.client.systemId !== row.systemId) return inactive;
  const owner = row.clientId === caller.client.clientId ? caller.client : await findClientForProvider(row.clientId);
  if (!owner || owner.systemId !== row.systemId) return inactive;

  let access: { roles: string[]; permissions: string[] } = { roles: [], permissions: [] };
  if (row.accountId) {
    // A person's token: its grant still exists (not revoked, refresh reuse, sign-out) and they are still an active
    // member; their roles and permissions are what they are NOW (a deny set after issue shows at once).
    if (!row.grantId || !(await new DatabaseAdapter('Grant').find(row.grantId))) return inactive;
    const current = await systemAccessOf(row.accountId, owner);
    if (!current) return inactive;
    access = current;
  }

  const payload = verified.payload;
  return json({
    active: true,
    sub: payload.sub,
    client_id: row.clientId,
    aud: payload.aud,
    exp,
    iat: payload.iat,
    iss: payload.iss,
    jti: row.jti,
    ...(typeof payload.scope === 'string' ? { scope: payload.scope } : {}),
    token_type: 'Bearer',
    tenant: owner.tenantSlug,
    roles: access.roles,
    permissions: access.permissions,
  });
}
