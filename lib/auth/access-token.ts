import { hkdfSync, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { env } from '@/lib/platform/env';
import { now } from '@/lib/platform/clock';

/**
 * Short-lived bearer access tokens for external clients: an HS256 JWT carrying the user (`sub`) and the
 * session (`sid`) it belongs to, `typ: 'access'`, valid 15 minutes. The signing key is derived from
 * AUTH_SECRET with its own label, so it never equals the key of the session cookie. A valid signature
 * is not enough on its own: resolve-actor also checks that the session is neither revoked nor expired.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'custos';
const AUDIENCE = 'custos-api';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let cached: { secret: string; key: Uint8Array } | null = null;

function signingKey(): Uint8Array {
  const secret = env().AUTH_SECRET;
  if (cached?.secret !== secret) {
    const key = new Uint8Array(hkdfSync('sha256', secret, 'custos', 'custos access token v1', 32));
    cached = { secret, key };
  }
  return cached.key;
}

export async function signAccessToken(claims: { userId: string; sessionId: string }): Promise<string> {
  const iat = Math.floor(now().getTime() / 1000);
  return new SignJWT({ sid: claims.sessionId, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(signingKey());
}

/** The user and session an access token names, or null when it is malformed, forged, of another kind or expired. */
export async function verifyAccessToken(token: string): Promise<{ userId: string; sessionId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now(),
      requiredClaims: ['sub', 'sid', 'exp', 'iat'],
    });
    if (payload.typ !== 'access' || typeof payload.sid !== 'string' || typeof payload.sub !== 'string') return null;
    if (!UUID.test(payload.sid) || !UUID.test(payload.sub)) return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
