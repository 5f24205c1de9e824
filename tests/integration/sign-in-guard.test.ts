import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, emailOutbox } from '@/db/schema';
import { authenticate, INVALID_CREDENTIALS } from '@/lib/auth/authenticate';
import { insertUser } from '@/lib/auth/create-user';
import { ACCOUNT_LIMIT, IP_LIMIT, WINDOW_SECONDS } from '@/lib/auth/sign-in-guard';
import { DomainError } from '@/lib/errors';
import { setClock } from '@/lib/platform/clock';
import { unique } from '../support/fixtures';

// Password sign-in through authenticate(): the same code serves the console and the token endpoint.
const PASSWORD = 'correct horse battery staple';
const ip = () => `198.51.100.${Math.floor(Math.random() * 200) + 1}-${unique()}`;

async function attempt(email: string, password: string, fromIp: string) {
  try {
    return {
      ok: true as const,
      user: await authenticate({ email, password }, { requestId: 'guard-test', ip: fromIp, userAgent: 'vitest' }),
    };
  } catch (error) {
    if (error instanceof DomainError)
      return { ok: false as const, status: error.status, code: error.code, message: error.message, headers: error.headers };
    throw error;
  }
}

async function platformEvents(targetId: string) {
  const db = await getDb();
  return db
    .select({ action: auditEvents.action, reason: auditEvents.reason })
    .from(auditEvents)
    .where(and(sql`${auditEvents.tenantId} is null`, eq(auditEvents.targetId, targetId)))
    .orderBy(auditEvents.seq);
}

afterEach(() => setClock());

describe('authenticate', () => {
  it('signs in a verified user, case-insensitively, and audits it', async () => {
    const db = await getDb();
    const email = `ok-${unique()}@test.custos`;
    const user = await insertUser(db, { email, name: 'Olga', password: PASSWORD, verified: true });
    const result = await attempt(email.toUpperCase(), PASSWORD, ip());
    expect(result).toMatchObject({ ok: true, user: { id: user.id, email } });
    expect((await platformEvents(user.id)).map((e) => e.action)).toEqual(['user.signed_in']);
  });

  it('gives a wrong password and an unknown email the same answer', async () => {
    const db = await getDb();
    const email = `same-${unique()}@test.custos`;
    await insertUser(db, { email, name: 'Sam', password: PASSWORD, verified: true });
    const wrong = await attempt(email, 'not the right password', ip());
    const unknown = await attempt(`nobody-${unique()}@test.custos`, 'not the right password', ip());
    expect(wrong).toEqual({ ok: false, status: 401, code: 'unauthenticated', message: INVALID_CREDENTIALS, headers: undefined });
    expect(unknown).toEqual(wrong);
  });

  it('refuses an unverified account only after the right password', async () => {
    const db = await getDb();
    const email = `unverified-${unique()}@test.custos`;
    await insertUser(db, { email, name: 'Una', password: PASSWORD, verified: false });
    expect(await attempt(email, 'wrong password here', ip())).toMatchObject({ status: 401 });
    expect(await attempt(email, PASSWORD, ip())).toMatchObject({ status: 403, code: 'email_unverified' });
  });

  it('locks an account after the limit, emails and audits it, and unlocks when the window ends', async () => {
    const db = await getDb();
    const email = `locked-${unique()}@test.custos`;
    const user = await insertUser(db, { email, name: 'Lou', password: PASSWORD, verified: true });
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect(await attempt(email, `wrong-${i}-password`, ip())).toMatchObject({ status: 401 });
    // Locked now: even the right password is refused, from any address, with Retry-After.
    const locked = await attempt(email, PASSWORD, ip());
    expect(locked).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(locked.ok ? 0 : locked.headers?.['Retry-After']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.to, email));
    expect(mails.map((m) => m.template)).toEqual(['accountLocked']);
    expect((await platformEvents(user.id)).map((e) => e.action)).toContain('user.locked');

    // The window passes: the right password works again and the unlock is audited.
    setClock({ advanceMs: (WINDOW_SECONDS + 1) * 1000 });
    expect(await attempt(email, PASSWORD, ip())).toMatchObject({ ok: true });
    const actions = (await platformEvents(user.id)).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(['user.unlocked', 'user.signed_in']);
  });

  it('locks unknown emails exactly like real ones (no enumeration)', async () => {
    const email = `ghost-${unique()}@test.custos`;
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect(await attempt(email, `wrong-${i}-password`, ip())).toMatchObject({ status: 401 });
    expect(await attempt(email, 'anything-at-all', ip())).toMatchObject({ status: 429, code: 'rate_limited' });
  });

  it('limits failures per IP address across accounts', async () => {
    const db = await getDb();
    const from = ip();
    const victim = `ip-victim-${unique()}@test.custos`;
    await insertUser(db, { email: victim, name: 'Vic', password: PASSWORD, verified: true });
    for (let i = 0; i < IP_LIMIT; i++) {
      expect(await attempt(`spray-${i}-${unique()}@test.custos`, 'guess-guess-guess', from)).toMatchObject({ status: 401 });
    }
    expect(await attempt(victim, PASSWORD, from)).toMatchObject({ status: 429 });
    expect(await attempt(victim, PASSWORD, ip())).toMatchObject({ ok: true });
  });

  it('cannot be raced past the limit by parallel attempts', async () => {
    const db = await getDb();
    const email = `race-${unique()}@test.custos`;
    await insertUser(db, { email, name: 'Rae', password: PASSWORD, verified: true });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(email, `wrong-${i}-password`, ip())));
    // Exactly ACCOUNT_LIMIT passwords were checked; the rest were refused before any check.
    expect(results.filter((r) => !r.ok && r.status === 401)).toHaveLength(ACCOUNT_LIMIT);
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(12 - ACCOUNT_LIMIT);
    expect(await attempt(email, PASSWORD, ip())).toMatchObject({ status: 429 });
  });

  it('answers bad input with 400 naming the field', async () => {
    expect(await attempt('not-an-email', PASSWORD, ip())).toMatchObject({ status: 400, code: 'validation_failed' });
  });
});
