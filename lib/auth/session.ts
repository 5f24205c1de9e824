import { decode, encode } from 'next-auth/jwt';
import { and, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import { getDb, type Queryable } from '@/db/client';
import { sessions, users } from '@/db/schema';
import type { Actor, RequestMeta } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { env } from '@/lib/platform/env';
import { hasSecondFactorSql } from './second-factor-sql';
import { VerifiedTokenMemo } from './verified-token-memo';
import { retryIfConnectionLostBeforeStart } from '@/lib/db-retry';

/**
 * Sessions: every sign-in is a row in `sessions`; the Auth.js cookie is a JWT carrying its id (`sid`).
 * A session is honoured only while its row is neither revoked nor expired, so revoking works on the
 * very next request.
 */
export const SESSION_COOKIE = 'authjs.session-token';
export const SECURE_SESSION_COOKIE = '__Secure-authjs.session-token';
/**
 * A session's lastSeenAt is written at most this often. Tenants' idle timeouts (at least 5 minutes) are judged
 * by it, so it must stay well below them: an active person is never more than a minute "idle".
 */
const LAST_SEEN_GRANULARITY_MS = 60 * 1000;

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export async function createSession(
  db: Queryable,
  userId: string,
  meta: Partial<RequestMeta> & {
    kind?: 'browser' | 'token';
    secondFactor?: boolean;
    /** How the person signed in (default `password`); `sso` sessions name their connection. */
    authMethod?: 'password' | 'passkey' | 'oauth' | 'sso';
    ssoConnectionId?: string | null;
  },
  maxAgeSeconds = SESSION_MAX_AGE_SECONDS,
): Promise<{ id: string; expiresAt: Date }> {
  const [row] = await db
    .insert(sessions)
    .values({
      userId,
      kind: meta.kind ?? 'browser',
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      expiresAt: sql`now() + make_interval(secs => ${maxAgeSeconds})`,
      // A sign-in that passed a second factor counts as a fresh check (step-up, lib/auth/step-up.ts).
      mfaVerifiedAt: meta.secondFactor ? now() : null,
      authMethod: meta.authMethod ?? 'password',
      ssoConnectionId: meta.ssoConnectionId ?? null,
    })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  return row;
}

/** The cookie value Auth.js would set for this session (same secret, same salt, same format). */
export async function encodeSessionToken(
  session: { id: string; userId: string },
  options: { secure?: boolean; maxAgeSeconds?: number } = {},
): Promise<string> {
  return encode({
    token: { sub: session.userId, sid: session.id },
    secret: env().AUTH_SECRET,
    salt: sessionCookieName(options.secure ?? false),
    maxAge: options.maxAgeSeconds ?? SESSION_MAX_AGE_SECONDS,
  });
}

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}

/**
 * A session a request's credential names (the session cookie's or a bearer access token's claims), its signature
 * checked but its row not yet read: only the row (selectLiveSession) says whether it is honoured.
 */
export type PresentedSession = { presented: 'session'; sessionId: string; userId: string };

/** Session cookies decoded lately, by cookie name and text (lib/auth/verified-token-memo.ts): one decryption each. */
const decodedCookies = new VerifiedTokenMemo<PresentedSession>(4096);

/**
 * The session cookie's claims (an Auth.js JWT, encrypted with AUTH_SECRET), without the database; null when none
 * decodes. A cookie decoded before in this process is not decrypted again until it expires.
 */
export async function presentedSessionCookie(request: Request): Promise<PresentedSession | null> {
  const cookies = request.headers.get('cookie');
  const secret = env().AUTH_SECRET;
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const raw = readCookie(cookies, name);
    if (!raw) continue;
    const memoKey = `${name}=${raw}`;
    const remembered = decodedCookies.get(memoKey, secret);
    if (remembered) return remembered;
    let payload: Record<string, unknown> | null = null;
    try {
      payload = await decode({ token: raw, secret, salt: name });
    } catch {
      payload = null;
    }
    const sid = typeof payload?.sid === 'string' ? payload.sid : null;
    const sub = typeof payload?.sub === 'string' ? payload.sub : null;
    if (!sid || !sub || !/^[0-9a-f-]{36}$/i.test(sid)) continue;
    const presented: PresentedSession = Object.freeze({ presented: 'session', sessionId: sid, userId: sub });
    if (typeof payload?.exp === 'number') decodedCookies.set(memoKey, secret, presented, payload.exp * 1000);
    return presented;
  }
  return null;
}

/** The signed-in user behind a request's session cookie, or null. One query; touches lastSeenAt at most once a minute. */
export async function resolveSessionActor(request: Request): Promise<Actor | null> {
  const presented = await presentedSessionCookie(request);
  return presented ? sessionActor(presented.sessionId, presented.userId) : null;
}

/**
 * The session's row with its person, read as the database owner (custos_app may not read sessions): found only while
 * the session is neither revoked nor expired and the account not deactivated. A lazy query, so a caller can send it
 * in one round trip with others (lib/tenancy/tenant-context.ts does, ahead of the tenant setup).
 */
export function selectLiveSession(db: Queryable, sessionId: string, userId: string) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      isPlatformAdmin: users.isPlatformAdmin,
      lastSeenAt: sessions.lastSeenAt,
      startedAt: sessions.createdAt,
      mfaVerifiedAt: sessions.mfaVerifiedAt,
      hasSecondFactor: hasSecondFactorSql(users.id),
      authMethod: sessions.authMethod,
      ssoConnectionId: sessions.ssoConnectionId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sessionId),
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        // A deactivated account has no session, whatever the cookie or token (platform admins deactivate people).
        isNull(users.deactivatedAt),
      ),
    )
    .limit(1);
}

export type LiveSessionRow = Awaited<ReturnType<typeof selectLiveSession>>[number];

/**
 * selectLiveSession for the runtime role inside a tenant's transaction (custos_app may not read sessions): the owner
 * function live_session_facts (drizzle/0041) answers the session's own facts only when both ids match and it is live
 * (neither revoked nor expired, the account not deactivated); the person's name, email and second factors are read
 * beside it under custos_app's grants. One row or none; liveSessionOfRow reads it (also from JSON).
 */
export function liveSessionFactsQuery(sessionId: string, userId: string): SQL {
  return sql`
    select ${users.id}, ${users.name}, ${users.email}, s.is_platform_admin, s.last_seen_at, s.started_at, s.mfa_verified_at,
           ${hasSecondFactorSql(users.id)} as has_second_factor, s.auth_method, s.sso_connection_id
      from live_session_facts(${sessionId}::uuid, ${userId}::uuid) s join ${users} on ${users.id} = ${userId}::uuid`;
}

/** A row of liveSessionFactsQuery (timestamps as text when carried in JSON). */
export type LiveSessionFactsRow = {
  id: string;
  name: string;
  email: string;
  is_platform_admin: boolean;
  last_seen_at: string | Date;
  started_at: string | Date;
  mfa_verified_at: string | Date | null;
  has_second_factor: boolean;
  auth_method: LiveSessionRow['authMethod'];
  sso_connection_id: string | null;
};

/** The LiveSessionRow of liveSessionFactsQuery's row; null when the session is not live. */
export function liveSessionOfRow(row: LiveSessionFactsRow | null | undefined): LiveSessionRow | null {
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    isPlatformAdmin: row.is_platform_admin,
    lastSeenAt: new Date(row.last_seen_at),
    startedAt: new Date(row.started_at),
    mfaVerifiedAt: row.mfa_verified_at === null ? null : new Date(row.mfa_verified_at),
    hasSecondFactor: row.has_second_factor,
    authMethod: row.auth_method,
    ssoConnectionId: row.sso_connection_id,
  };
}

/** The user Actor of a live session's row. */
export function sessionActorOf(sessionId: string, row: LiveSessionRow): Extract<Actor, { type: 'user' }> {
  return {
    type: 'user',
    id: row.id,
    name: row.name,
    email: row.email,
    isPlatformAdmin: row.isPlatformAdmin,
    sessionId,
    lastSeenAt: row.lastSeenAt,
    sessionStartedAt: row.startedAt,
    mfaVerifiedAt: row.mfaVerifiedAt,
    hasSecondFactor: row.hasSecondFactor,
    authMethod: row.authMethod,
    ssoConnectionId: row.ssoConnectionId,
  };
}

/** Keeps the session's lastSeenAt, written at most once a minute (as the database owner, outside tenant work). */
export async function touchSessionLastSeen(db: Queryable, sessionId: string, row: LiveSessionRow): Promise<void> {
  if (Date.now() - row.lastSeenAt.getTime() <= LAST_SEEN_GRANULARITY_MS) return;
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(sessions.id, sessionId));
}

export async function sessionActor(sessionId: string, userId: string): Promise<Actor | null> {
  const db = await getDb();
  // A read: tried once more if the pooled connection died with a database restart (lib/db-retry.ts).
  const [row] = await retryIfConnectionLostBeforeStart(() => selectLiveSession(db, sessionId, userId));
  if (!row) return null;
  await touchSessionLastSeen(db, sessionId, row);
  return sessionActorOf(sessionId, row);
}

/** The session just passed a second-factor check (a step-up): sensitive operations are open for the next ten minutes. */
export async function markSecondFactorVerified(db: Queryable, sessionId: string): Promise<void> {
  await db.update(sessions).set({ mfaVerifiedAt: now() }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(db: Queryable, sessionId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}
