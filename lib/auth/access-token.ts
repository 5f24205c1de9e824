import { hkdfSync, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { loadSigningKeys, publishedKey, SIGNING_ALG } from '@/lib/keys/signing-keys';
import type { SigningKeySet } from '@/lib/keys/signing-keys';
import { env } from '@/lib/platform/env';
import { now } from '@/lib/platform/clock';
import { VerifiedTokenMemo } from './verified-token-memo';

/**
 * Short-lived bearer access tokens for external clients: a JWT carrying the user (`sub`) and the session (`sid`) it
 * belongs to, `typ: 'access'`, valid 15 minutes, signed ES256 with the active signing key (lib/keys/signing-keys.ts,
 * header `kid`, `typ: JWT`) — the keys the OpenID Provider publishes, so anyone can check a signature, though only
 * Custos accepts these tokens. A valid signature is not enough on its own: resolve-actor also checks that the session
 * is neither revoked nor expired.
 *
 * What tells them apart from the OpenID Provider's access tokens for a downstream system, signed by the same keys:
 * those carry header `typ: at+jwt`, the issuer APP_URL, a client id or system slug as audience and no `typ` claim;
 * this verifier wants header `typ: JWT`, issuer `custos`, audience `custos-api` and the claim `typ: access`, each.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'custos';
const AUDIENCE = 'custos-api';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Before the asymmetric keys, access tokens were HS256 under this key (derived from AUTH_SECRET with its own label).
 * Verification still accepts them until they expire — at most 15 minutes after an upgrade; nothing signs with it.
 */
let legacy: { secret: string; key: Uint8Array } | null = null;
function legacyHs256Key(): Uint8Array {
  const secret = env().AUTH_SECRET;
  if (legacy?.secret !== secret) {
    legacy = { secret, key: new Uint8Array(hkdfSync('sha256', secret, 'custos', 'custos access token v1', 32)) };
  }
  return legacy.key;
}

/**
 * `keys`: the key set to sign with, loaded by the caller before it opens a transaction (on PGlite, loading the keys
 * inside one would wait for that very transaction); without it the current set is loaded here.
 */
export async function signAccessToken(claims: { userId: string; sessionId: string }, keys?: SigningKeySet): Promise<string> {
  const { signing } = keys ?? (await loadSigningKeys());
  const iat = Math.floor(now().getTime() / 1000);
  return new SignJWT({ sid: claims.sessionId, typ: 'access' })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: signing.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(signing.privateKey);
}

/** The key a token's header points at: a published signing key by kid (ES256), or the legacy HS256 key. */
async function keyFor(token: string): Promise<{ alg: string; kid: string | null; key: CryptoKey | KeyObject | Uint8Array } | null> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return null;
  }
  if (header.typ !== 'JWT') return null;
  if (header.alg === SIGNING_ALG) {
    if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 100) return null;
    const key = await publishedKey(header.kid);
    return key ? { alg: SIGNING_ALG, kid: header.kid, key } : null;
  }
  if (header.alg === 'HS256') return { alg: 'HS256', kid: null, key: legacyHs256Key() };
  return null;
}

/**
 * Access tokens verified lately (lib/auth/verified-token-memo.ts), with the key that signed them: a remembered token
 * is honoured only while that key is still published, as a fresh verification would require.
 */
const verifiedTokens = new VerifiedTokenMemo<{ claims: { userId: string; sessionId: string }; kid: string | null }>(4096);

/** The user and session an access token names, or null when it is malformed, forged, of another kind or expired. */
export async function verifyAccessToken(token: string): Promise<{ userId: string; sessionId: string } | null> {
  const secret = env().AUTH_SECRET;
  const remembered = verifiedTokens.get(token, secret);
  if (remembered && (remembered.kid === null || (await publishedKey(remembered.kid)))) return remembered.claims;
  try {
    const found = await keyFor(token);
    if (!found) return null;
    const { payload } = await jwtVerify(token, found.key, {
      algorithms: [found.alg],
      typ: 'JWT',
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now(),
      requiredClaims: ['sub', 'sid', 'exp', 'iat'],
    });
    if (payload.typ !== 'access' || typeof payload.sid !== 'string' || typeof payload.sub !== 'string') return null;
    if (!UUID.test(payload.sid) || !UUID.test(payload.sub)) return null;
    const claims = Object.freeze({ userId: payload.sub, sessionId: payload.sid });
    if (typeof payload.exp === 'number') verifiedTokens.set(token, secret, { claims, kid: found.kid }, payload.exp * 1000);
    return claims;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
