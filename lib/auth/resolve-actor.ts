import { parseApiKey } from '@/lib/access/api-key-format';
import { resolveApiKey } from '@/lib/access/resolve-api-key';
import type { Actor } from '@/lib/context';
import { verifyAccessToken } from './access-token';
import { presentedSessionCookie, resolveSessionActor, sessionActor, type PresentedSession } from './session';

/**
 * Who is calling: the one place every credential resolves to an Actor, so the route wrapper and
 * server actions never care which was used.
 *
 * - `Authorization: Bearer <access token>` (from /api/v1/auth/token): the user of the token's session,
 *   honoured only while that session is neither revoked nor expired.
 * - `Authorization: Bearer ck_…`: an API key (lib/access/resolve-api-key.ts), acting for its creator on its tenant only.
 * - otherwise the Auth.js session cookie, backed by its `sessions` row.
 *
 * A request that sends an Authorization header is judged by it alone: a bad bearer is a 401 even
 * when a valid cookie rides along.
 */
export async function resolveActor(request: Request): Promise<Actor | null> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) return resolveBearer(authorization);
  return resolveSessionActor(request);
}

const API_KEY_PREFIX = 'ck_';

const bearerCredential = (header: string) => /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header)?.[1] ?? null;

/**
 * The API key a request presents (`Authorization: Bearer ck_…`, well-formed), with its public prefix, without
 * looking it up; null for any other credential. The route wrapper counts the rate limit by the prefix and
 * lets tenant routes verify the key inside the tenant's own transaction.
 */
export function presentedApiKey(request: Request): { credential: string; prefix: string } | null {
  const header = request.headers.get('authorization');
  const credential = header === null ? null : bearerCredential(header);
  const parsed = credential?.startsWith(API_KEY_PREFIX) ? parseApiKey(credential) : null;
  return parsed && credential ? { credential, prefix: parsed.prefix } : null;
}

/**
 * The session a request's credential names, checked for its signature but not looked up: a bearer access token's
 * claims, or else the session cookie's. Null for an API key, a bad credential or none (resolveActor then answers).
 * Tenant routes read the session's row inside the tenant's own transaction, in the round trip of the member's access.
 */
export async function presentedSession(request: Request): Promise<PresentedSession | null> {
  const authorization = request.headers.get('authorization');
  if (authorization === null) return presentedSessionCookie(request);
  const credential = bearerCredential(authorization);
  if (!credential || credential.startsWith(API_KEY_PREFIX)) return null;
  const claims = await verifyAccessToken(credential);
  return claims ? { presented: 'session', sessionId: claims.sessionId, userId: claims.userId } : null;
}

async function resolveBearer(header: string): Promise<Actor | null> {
  const credential = bearerCredential(header);
  if (!credential) return null;
  if (credential.startsWith(API_KEY_PREFIX)) {
    return resolveApiKey(credential);
  }
  const claims = await verifyAccessToken(credential);
  if (!claims) return null;
  return sessionActor(claims.sessionId, claims.userId);
}
