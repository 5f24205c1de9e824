import { and, desc, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { handlers } from '@/auth';
import { POST as tokenRoute } from '@/app/api/v1/auth/token/route';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, trustedDeviceId } from '@/lib/auth/device-cookie';
import { ACCOUNT_LIMIT, WINDOW_SECONDS } from '@/lib/auth/sign-in-guard';
import { unlockAccount } from '@/lib/auth/unlock-account';
import { SESSION_COOKIE } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { setClock } from '@/lib/platform/clock';
import { fromPeer, uniqueAddress } from '../support/client-address';
import { call, unique } from '../support/fixtures';

// Issue 14, hole 11: strangers' wrong passwords lock an email, but not the browser its owner signed in with
// before (a device cookie); the lockout mail's unlock link lifts the lock once.
const PASSWORD = 'correct horse battery staple';
const ORIGIN = 'http://localhost:3000';

afterEach(() => setClock());

/** POST /api/v1/auth/token from its own address, with an optional device cookie. */
async function tokenSignIn(email: string, password: string, device?: string) {
  const res = await call(tokenRoute, {
    method: 'POST',
    url: 'http://localhost/api/v1/auth/token',
    body: { email, password },
    headers: { ...fromPeer(uniqueAddress()), ...(device ? { cookie: `${DEVICE_COOKIE}=${device}` } : {}) },
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const issued = new RegExp(`${DEVICE_COOKIE}=([^;]+)`).exec(setCookie)?.[1];
  return { ...res, setCookie, device: issued };
}

async function newUser() {
  const db = await getDb();
  const email = `dev-${unique()}@test.custos`;
  const user = await insertUser(db, { email, name: 'Dana Device', password: PASSWORD, verified: true });
  return { ...user, email };
}

async function strangersLock(email: string) {
  for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await tokenSignIn(email, `stranger-guess-${i}`)).status).toBe(401);
}

describe('device cookies', () => {
  it('a success sets an HttpOnly, SameSite=Lax, long-lived device cookie', async () => {
    const user = await newUser();
    const res = await tokenSignIn(user.email, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.device).toBeTruthy();
    expect(res.setCookie).toMatch(/HttpOnly/);
    expect(res.setCookie).toMatch(/SameSite=Lax/);
    expect(Number(/Max-Age=(\d+)/.exec(res.setCookie)?.[1])).toBeGreaterThanOrEqual(180 * 24 * 60 * 60);
  });

  it("strangers' failures lock the email; the owner's earlier browser still signs in, others get 429", async () => {
    const user = await newUser();
    const first = await tokenSignIn(user.email, PASSWORD);
    expect(first.status).toBe(200);
    await strangersLock(user.email);

    expect((await tokenSignIn(user.email, PASSWORD)).status).toBe(429);
    const withDevice = await tokenSignIn(user.email, PASSWORD, first.device);
    expect(withDevice.status).toBe(200);
    expect(withDevice.json.user.id).toBe(user.id);
    // The owner's success does not lift the lock strangers caused.
    expect((await tokenSignIn(user.email, PASSWORD)).status).toBe(429);
  });

  it('a forged, expired or another account’s device cookie is no bypass', async () => {
    const user = await newUser();
    const other = await newUser();
    const mine = (await tokenSignIn(user.email, PASSWORD)).device!;
    const theirs = (await tokenSignIn(other.email, PASSWORD)).device!;
    await strangersLock(user.email);

    const [id, expires, signature] = mine.split('.');
    const forged = [
      `${id}.${expires}.${signature.slice(0, -2)}AA`,
      `${id}.${Number(expires) + 1}.${signature}`,
      `00000000-0000-4000-8000-000000000000.${expires}.${signature}`,
      theirs,
      'garbage',
    ];
    for (const device of forged) expect((await tokenSignIn(user.email, PASSWORD, device)).status, device).toBe(429);

    // A year on, the cookie has expired.
    expect(trustedDeviceId(mine, user.email)).toBe(id);
    setClock({ advanceMs: (DEVICE_COOKIE_MAX_AGE_SECONDS + 1) * 1000 });
    expect(trustedDeviceId(mine, user.email)).toBeNull();
  });

  it("the device cookie's own failures lock that device, which is then untrusted", async () => {
    const user = await newUser();
    const device = (await tokenSignIn(user.email, PASSWORD)).device!;
    await strangersLock(user.email);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await tokenSignIn(user.email, `my-typo-${i}`, device)).status).toBe(401);
    const locked = await tokenSignIn(user.email, PASSWORD, device);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Both windows over: the device is trusted again.
    setClock({ advanceMs: (WINDOW_SECONDS + 1) * 1000 });
    expect((await tokenSignIn(user.email, PASSWORD, device)).status).toBe(200);
  });

  it('the console sign-in (Auth.js credentials) honours the device cookie too', async () => {
    const user = await newUser();
    const device = (await tokenSignIn(user.email, PASSWORD)).device!;
    await strangersLock(user.email);
    const signIn = async (cookie: string) => {
      const csrf = await handlers.GET(new Request(`${ORIGIN}/api/auth/csrf`) as never);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const csrfCookie = /authjs\.csrf-token=([^;]+)/.exec(csrf.headers.getSetCookie().join(';'))![0];
      const res = await handlers.POST(
        new Request(`${ORIGIN}/api/auth/callback/credentials`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [csrfCookie, cookie].filter(Boolean).join('; ') },
          body: new URLSearchParams({ csrfToken, email: user.email, password: PASSWORD, callbackUrl: `${ORIGIN}/` }),
        }) as never,
      );
      return res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`));
    };
    expect(await signIn('')).toBe(false);
    expect(await signIn(`${DEVICE_COOKIE}=${device}`)).toBe(true);
  });
});

describe('the unlock link in the lockout mail', () => {
  it('lifts the lock once; used again it is refused', async () => {
    const user = await newUser();
    await strangersLock(user.email);
    expect((await tokenSignIn(user.email, PASSWORD)).status).toBe(429);

    const db = await getDb();
    const [mail] = await db
      .select({ template: emailOutbox.template, text: emailOutbox.text })
      .from(emailOutbox)
      .where(eq(emailOutbox.to, user.email))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(1);
    expect(mail.template).toBe('accountLocked');
    const token = /\/sign-in\/unlock\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeTruthy();

    const meta = { requestId: 'unlock-test', ip: '192.0.2.70', userAgent: 'vitest' };
    expect(await unlockAccount({ token: token ?? '' }, meta)).toEqual({ status: 'unlocked' });
    expect((await tokenSignIn(user.email, PASSWORD)).status).toBe(200);
    const events = await db
      .select({ action: auditEvents.action, reason: auditEvents.reason })
      .from(auditEvents)
      .where(and(sql`${auditEvents.tenantId} is null`, eq(auditEvents.targetId, user.id)));
    expect(events).toContainEqual({ action: 'user.unlocked', reason: 'Unlocked by the emailed link' });

    const again = await unlockAccount({ token: token ?? '' }, meta).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(DomainError);
    expect(again).toMatchObject({ status: 409, code: 'link_used' });
  });

  it('expires after an hour', async () => {
    const user = await newUser();
    await strangersLock(user.email);
    const db = await getDb();
    const [mail] = await db.select({ text: emailOutbox.text }).from(emailOutbox).where(eq(emailOutbox.to, user.email)).limit(1);
    const token = /\/sign-in\/unlock\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    setClock({ advanceMs: 61 * 60 * 1000 });
    const late = await unlockAccount({ token }, { requestId: 'unlock-late' }).catch((error: unknown) => error);
    expect(late).toMatchObject({ status: 410, code: 'link_expired' });
  });
});
