import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { handlers } from '@/auth';
import { getDb } from '@/db/client';
import { auditEvents, sessions } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { resolveSessionActor, SESSION_COOKIE } from '@/lib/auth/session';
import { fromPeer } from '../support/client-address';
import { unique } from '../support/fixtures';

// The console sign-in through Auth.js itself: GET /api/auth/csrf, then POST /api/auth/callback/credentials
// (form-encoded, with the CSRF cookie and token), exactly as a browser form would.
const ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct horse battery staple';

/** name=value pairs of a response's Set-Cookie headers. */
function setCookies(response: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair.indexOf('=');
    out.set(pair.slice(0, index), pair.slice(index + 1));
  }
  return out;
}

async function csrf(): Promise<{ token: string; cookie: string }> {
  const res = await handlers.GET(new Request(`${ORIGIN}/api/auth/csrf`) as never);
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookies = setCookies(res);
  const value = cookies.get('authjs.csrf-token');
  expect(value).toBeTruthy();
  return { token: csrfToken, cookie: `authjs.csrf-token=${value}` };
}

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  const { token, cookie } = await csrf();
  const res = await handlers.POST(
    new Request(`${ORIGIN}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
      body: new URLSearchParams({ csrfToken: token, email, password, callbackUrl: `${ORIGIN}/` }),
    }) as never,
  );
  return { res, cookies: setCookies(res) };
}

async function newUser(verified = true) {
  const db = await getDb();
  const email = `na-${unique()}@test.custos`;
  const user = await insertUser(db, { email, name: 'Nadia Auth', password: PASSWORD, verified });
  return { ...user, email };
}

describe('Auth.js credentials sign-in', () => {
  it('sets a session cookie backed by a new sessions row', async () => {
    const user = await newUser();
    const { res, cookies } = await signIn(user.email, PASSWORD, { ...fromPeer('192.0.2.44'), 'user-agent': 'Browser/1.0' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${ORIGIN}/`);
    const token = cookies.get(SESSION_COOKIE);
    expect(token).toBeTruthy();

    const actor = await resolveSessionActor(new Request(`${ORIGIN}/`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }));
    expect(actor).toMatchObject({ type: 'user', id: user.id, email: user.email, sessionId: expect.any(String) });

    const db = await getDb();
    const rows = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: actor?.type === 'user' ? actor.sessionId : '',
      kind: 'browser',
      ip: '192.0.2.44',
      userAgent: 'Browser/1.0',
      revokedAt: null,
    });
    const events = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(sql`${auditEvents.tenantId} is null`, eq(auditEvents.targetId, user.id)));
    expect(events.map((e) => e.action)).toContain('user.signed_in');

    // The session endpoint sees it, with the user id exposed.
    const session = await handlers.GET(
      new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }) as never,
    );
    expect(await session.json()).toMatchObject({ user: { id: user.id, email: user.email }, sessionId: rows[0].id });

    // Signing out through Auth.js revokes the row: the same cookie is refused afterwards.
    const { token: csrfToken, cookie: csrfCookie } = await csrf();
    const out = await handlers.POST(
      new Request(`${ORIGIN}/api/auth/signout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${csrfCookie}; ${SESSION_COOKIE}=${token}` },
        body: new URLSearchParams({ csrfToken, callbackUrl: `${ORIGIN}/sign-in` }),
      }) as never,
    );
    expect(out.status).toBe(302);
    const [after] = await db.select().from(sessions).where(eq(sessions.id, rows[0].id));
    expect(after.revokedAt).not.toBeNull();
    expect(await resolveSessionActor(new Request(`${ORIGIN}/`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }))).toBeNull();
    const gone = await handlers.GET(
      new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }) as never,
    );
    expect(await gone.json()).toBeNull();
  });

  it('sets no cookie for a wrong password or an unknown email, and names the reason code only', async () => {
    const user = await newUser();
    const wrong = await signIn(user.email, 'not the password');
    const unknown = await signIn(`nobody-${unique()}@test.custos`, 'not the password');
    for (const { res, cookies } of [wrong, unknown]) {
      expect(cookies.get(SESSION_COOKIE) ?? '').toBe('');
      const location = new URL(res.headers.get('location')!);
      expect(location.pathname).toBe('/sign-in');
      expect(location.searchParams.get('error')).toBe('CredentialsSignin');
      expect(location.searchParams.get('code')).toBe('invalid_credentials');
    }
    const db = await getDb();
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
  });

  it('refuses an unverified email with its own code, after the right password only', async () => {
    const user = await newUser(false);
    const { res, cookies } = await signIn(user.email, PASSWORD);
    expect(cookies.get(SESSION_COOKIE) ?? '').toBe('');
    expect(new URL(res.headers.get('location')!).searchParams.get('code')).toBe('email_unverified');
  });

  it('reports a locked account as rate_limited', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) await signIn(user.email, `wrong-${i}`);
    const { res, cookies } = await signIn(user.email, PASSWORD);
    expect(cookies.get(SESSION_COOKIE) ?? '').toBe('');
    expect(new URL(res.headers.get('location')!).searchParams.get('code')).toBe('rate_limited');
  });
});
