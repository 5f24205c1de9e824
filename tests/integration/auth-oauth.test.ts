import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from '@/auth';
import { getDb } from '@/db/client';
import { accounts, auditEvents, sessions, users } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { resolveSessionActor, SESSION_COOKIE } from '@/lib/auth/session';
import { resetEnv } from '@/lib/platform/env';
import { fromPeer } from '../support/client-address';
import { unique } from '../support/fixtures';

// Sign-in through a generic OIDC issuer (a stand-in served from this process): new accounts, and
// linking to an existing account only when the provider and the account both vouch for the email.
const ORIGIN = 'http://localhost:3000';
const CLIENT_ID = 'custos-test-client';
let issuer = '';
let server: Server;
let claims: Record<string, unknown> = {};
let lastNonce: string | null = null;
let signingKey: CryptoKey;
let publicJwk: Record<string, unknown>;

const saved: Record<string, string | undefined> = {};
const OIDC_ENV = { AUTH_OIDC_ID: CLIENT_ID, AUTH_OIDC_SECRET: 'custos-test-secret', AUTH_OIDC_NAME: 'Test SSO' };

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a test server: node ignores the handler's promise, and a failure fails the test
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (url.pathname === '/jwks') return json({ keys: [publicJwk] });
    if (url.pathname === '/token') {
      const now = Math.floor(Date.now() / 1000);
      const idToken = await new SignJWT({ ...claims, ...(lastNonce ? { nonce: lastNonce } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience(CLIENT_ID)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(signingKey);
      return json({ access_token: `at-${unique()}`, token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [key, value] of Object.entries({ ...OIDC_ENV, AUTH_OIDC_ISSUER: issuer })) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  resetEnv();
});

afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnv();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function setCookies(response: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair.indexOf('=');
    out.set(pair.slice(0, index), pair.slice(index + 1));
  }
  return out;
}
const cookieHeader = (...maps: Map<string, string>[]) =>
  maps.flatMap((m) => [...m].filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`)).join('; ');

/** The browser's round trip: start at /api/auth/signin/oidc, "log in" at the issuer, come back to the callback. */
async function oidcSignIn(idTokenClaims: Record<string, unknown>) {
  claims = idTokenClaims;
  const csrfRes = await handlers.GET(new Request(`${ORIGIN}/api/auth/csrf`) as never);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = setCookies(csrfRes);
  const start = await handlers.POST(
    new Request(`${ORIGIN}/api/auth/signin/oidc`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${ORIGIN}/` }),
    }) as never,
  );
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin + authorize.pathname).toBe(`${issuer}/authorize`);
  lastNonce = authorize.searchParams.get('nonce');
  const callback = new URL(`${ORIGIN}/api/auth/callback/oidc`);
  callback.searchParams.set('code', `code-${unique()}`);
  const state = authorize.searchParams.get('state');
  if (state) callback.searchParams.set('state', state);
  const res = await handlers.GET(
    new Request(callback, { headers: { cookie: cookieHeader(jar, setCookies(start)), ...fromPeer('192.0.2.80') } }) as never,
  );
  const cookies = setCookies(res);
  return { res, location: new URL(res.headers.get('location') ?? `${ORIGIN}/`), session: cookies.get(SESSION_COOKIE) ?? '' };
}

async function actorFor(session: string) {
  return resolveSessionActor(new Request(`${ORIGIN}/`, { headers: { cookie: `${SESSION_COOKIE}=${session}` } }));
}

async function linkedAccounts(userId: string) {
  const db = await getDb();
  return db
    .select({ provider: accounts.provider, providerAccountId: accounts.providerAccountId })
    .from(accounts)
    .where(eq(accounts.userId, userId));
}

describe('OIDC sign-in', () => {
  it('creates a verified account for a new, provider-verified email, with a session row', async () => {
    const email = `Oidc-New-${unique()}@Test.Custos`;
    const sub = `sub-${unique()}`;
    const { res, session } = await oidcSignIn({ sub, email, email_verified: true, name: 'Olive Oidc' });
    expect(res.status).toBe(302);
    expect(session).not.toBe('');
    const actor = await actorFor(session);
    expect(actor).toMatchObject({ type: 'user', email: email.toLowerCase(), name: 'Olive Oidc' });
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.id, actor!.id));
    expect(user.emailVerified).not.toBeNull();
    expect(user.passwordHash).toBeNull();
    expect(await linkedAccounts(user.id)).toEqual([{ provider: 'oidc', providerAccountId: sub }]);
    const rows = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'browser', ip: '192.0.2.80' });
    const events = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(sql`${auditEvents.tenantId} is null`, eq(auditEvents.targetId, user.id)));
    expect(events.map((e) => e.action).sort()).toEqual(['user.account_linked', 'user.created', 'user.signed_in']);

    // Signing in again with the same identity reaches the same account, in a new session.
    const again = await oidcSignIn({ sub, email, email_verified: true });
    expect((await actorFor(again.session))?.id).toBe(user.id);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(2);
  });

  it('creates an unverified account when the provider does not vouch for the email, named after its local part', async () => {
    const local = `nameless-${unique()}`;
    const { session } = await oidcSignIn({ sub: `sub-${unique()}`, email: `${local}@test.custos`, email_verified: false });
    const actor = await actorFor(session);
    expect(actor).toMatchObject({ name: local });
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.id, actor!.id));
    expect(user.emailVerified).toBeNull();
  });

  it('links to an existing verified account when the provider has verified the email', async () => {
    const db = await getDb();
    const email = `oidc-link-${unique()}@test.custos`;
    const existing = await insertUser(db, { email, name: 'Lena Link', password: 'correct horse battery staple', verified: true });
    const { session } = await oidcSignIn({ sub: `sub-${unique()}`, email: email.toUpperCase(), email_verified: true, name: 'Other Name' });
    const actor = await actorFor(session);
    expect(actor?.id).toBe(existing.id);
    expect(actor?.name).toBe('Lena Link');
    expect(await linkedAccounts(existing.id)).toHaveLength(1);
  });

  it('refuses to link when the provider has not verified the email', async () => {
    const db = await getDb();
    const email = `oidc-unv-provider-${unique()}@test.custos`;
    const existing = await insertUser(db, { email, name: 'Vic Victim', password: 'correct horse battery staple', verified: true });
    for (const emailVerified of [false, undefined]) {
      const { location, session } = await oidcSignIn({ sub: `sub-${unique()}`, email, email_verified: emailVerified });
      expect(session).toBe('');
      expect(location.pathname).toBe('/sign-in');
      expect(location.searchParams.get('error')).toBe('OAuthAccountNotLinked');
    }
    expect(await linkedAccounts(existing.id)).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, existing.id))).toHaveLength(0);
  });

  it('refuses to link to an account whose own email is unconfirmed (it may have been registered by someone else)', async () => {
    const db = await getDb();
    const email = `oidc-unv-local-${unique()}@test.custos`;
    const squatter = await insertUser(db, { email, name: 'Squatter', password: 'correct horse battery staple', verified: false });
    const { location, session } = await oidcSignIn({ sub: `sub-${unique()}`, email, email_verified: true });
    expect(session).toBe('');
    expect(location.searchParams.get('error')).toBe('OAuthAccountNotLinked');
    expect(await linkedAccounts(squatter.id)).toEqual([]);
  });
});
