import type { Queryable } from '@/db/client';
import { getDb } from '@/db/client';
import { refreshTokens } from '@/db/schema';
import type { RequestMeta } from '@/lib/context';
import { loadSigningKeys } from '@/lib/keys/signing-keys';
import type { SigningKeySet } from '@/lib/keys/signing-keys';
import { now } from '@/lib/platform/clock';
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from './access-token';
import { authenticate } from './authenticate';
import { newToken } from './one-time-token';
import { createSession, SESSION_MAX_AGE_SECONDS } from './session';
import { issueSignInChallenge, SecondFactorRequired } from './sign-in-challenge';

/** Refresh tokens live 30 days; each use spends it and hands out a new one (rotation). */
export const REFRESH_TOKEN_TTL_SECONDS = SESSION_MAX_AGE_SECONDS;
const REFRESH_TOKEN_PREFIX = 'crt_';

export type TokenPair = {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; email: string; name: string };
};

/** Store a fresh refresh token of a session (only its SHA-256) and return the token itself. */
async function issueRefreshToken(db: Queryable, sessionId: string): Promise<{ token: string; expiresAt: Date }> {
  const { token, hash } = newToken(REFRESH_TOKEN_PREFIX);
  const at = now();
  const expiresAt = new Date(at.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000);
  await db.insert(refreshTokens).values({ sessionId, tokenHash: hash, createdAt: at, expiresAt });
  return { token, expiresAt };
}

/** `keys`: loaded before the caller's transaction (see signAccessToken). */
export async function tokenPair(
  db: Queryable,
  user: { id: string; email: string; name: string },
  sessionId: string,
  keys: SigningKeySet,
): Promise<TokenPair> {
  const refresh = await issueRefreshToken(db, sessionId);
  return {
    accessToken: await signAccessToken({ userId: user.id, sessionId }, keys),
    refreshToken: refresh.token,
    tokenType: 'Bearer',
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    user: { id: user.id, email: user.email, name: user.name },
  };
}

/**
 * `POST /api/v1/auth/token`: email and password (the same checks, limits and audit as the console
 * sign-in) → a new API session with a 15-minute access token and a 30-day refresh token. `deviceToken`:
 * the caller's device cookie (lib/auth/device-cookie.ts). For a person with a second factor the right password
 * is only half: `SecondFactorRequired` (401 `mfa_required`) carries the five-minute `mfaToken` for
 * `POST /api/v1/auth/token/mfa` (lib/auth/issue-token-pair-with-second-factor.ts).
 */
export async function issueTokenPair(input: unknown, meta: RequestMeta, options: { deviceToken?: string | null } = {}): Promise<TokenPair> {
  const user = await authenticate(input, meta, options);
  const db = await getDb();
  if (user.hasSecondFactor) throw new SecondFactorRequired(await issueSignInChallenge(db, user.id, 'token'), user.id);
  const keys = await loadSigningKeys();
  return db.transaction(async (tx) => {
    const session = await createSession(tx, user.id, { ...meta, kind: 'token', authMethod: 'password' }, REFRESH_TOKEN_TTL_SECONDS);
    return tokenPair(tx, user, session.id, keys);
  });
}
