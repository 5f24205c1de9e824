import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { GET as mfaGET } from '@/app/api/v1/me/mfa/route';
import { DELETE as passkeyDELETE, PATCH as passkeyPATCH } from '@/app/api/v1/me/mfa/passkeys/[id]/route';
import { POST as passkeyOptionsPOST } from '@/app/api/v1/me/mfa/passkeys/options/route';
import { POST as passkeysPOST } from '@/app/api/v1/me/mfa/passkeys/route';
import { POST as recoveryCodesPOST } from '@/app/api/v1/me/mfa/recovery-codes/route';
import { POST as totpConfirmPOST } from '@/app/api/v1/me/mfa/totp/confirm/route';
import { DELETE as totpDELETE, POST as totpPOST } from '@/app/api/v1/me/mfa/totp/route';
import { POST as resetPOST } from '@/app/api/v1/tenants/[tenant]/members/[id]/mfa/reset/route';
import { POST as stepUpPasskeyOptionsPOST } from '@/app/api/v1/me/mfa/verify/passkey/options/route';
import { POST as stepUpPasskeyPOST } from '@/app/api/v1/me/mfa/verify/passkey/route';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { auditEvents, emailOutbox, memberships, recoveryCodes, sessions, totpSecrets, webauthnCredentials } from '@/db/schema';
import { hasSecondFactor, secondFactorStatus } from '@/lib/auth/mfa/second-factor-status';
import { openSecret, sealSecret } from '@/lib/auth/mfa/secret-box';
import { verifySecondFactorCode } from '@/lib/auth/mfa/verify-code';
import { now, setClock } from '@/lib/platform/clock';
import { call, createTenantWithMembers, createUserWithSession, type TestUser } from '../support/fixtures';

// Second factors: the authenticator app (codes computed by otpauth from the key the API hands out), recovery codes,
// passkeys' API edges (the ceremonies themselves run against Chromium's authenticator in tests/e2e/mfa-enrolment),
// the code check others build on, and a tenant admin's reset.

afterEach(() => setClock());

const URL_BASE = 'http://localhost/api/v1/me/mfa';
const meta = { requestId: 'mfa-test', ip: '127.0.0.1', userAgent: 'vitest' };

const status = (u: TestUser) => call(mfaGET, { url: URL_BASE, cookie: u.cookie });
const startTotp = (u: TestUser) => call(totpPOST, { method: 'POST', url: `${URL_BASE}/totp`, cookie: u.cookie });
const confirmTotp = (u: TestUser, code: string) =>
  call(totpConfirmPOST, { method: 'POST', url: `${URL_BASE}/totp/confirm`, cookie: u.cookie, body: { code } });

/** The code the app shows now (by the app's clock), or `stepsAhead` steps later. */
function codeFor(secret: string, stepsAhead = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now().getTime() + stepsAhead * 30_000 });
}

/** Enrol an authenticator app through the API; returns the key and the recovery codes. */
async function enrolTotp(u: TestUser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await startTotp(u);
  expect(started.status).toBe(200);
  const confirmed = await confirmTotp(u, codeFor(started.json.secret));
  expect(confirmed.status).toBe(200);
  return { secret: started.json.secret, recoveryCodes: confirmed.json.recoveryCodes };
}

/** Move the app's clock to the next TOTP step (so a fresh code exists that has not been used). */
function nextStep() {
  setClock({ advanceMs: 30_000 });
}

async function auditFor(userId: string) {
  const db = await getDb();
  return db
    .select({ action: auditEvents.action, after: auditEvents.after, tenantId: auditEvents.tenantId, actorId: auditEvents.actorId })
    .from(auditEvents)
    .where(eq(auditEvents.targetId, userId))
    .orderBy(desc(auditEvents.occurredAt));
}

async function mailsTo(email: string) {
  const db = await getDb();
  return db
    .select({ subject: emailOutbox.subject, text: emailOutbox.text, template: emailOutbox.template })
    .from(emailOutbox)
    .where(eq(emailOutbox.to, email.toLowerCase()));
}

async function markVerifiedLongAgo(sessionId: string) {
  const db = await getDb();
  await db
    .update(sessions)
    .set({ mfaVerifiedAt: sql`now() - interval '1 hour'` })
    .where(eq(sessions.id, sessionId));
}

describe('authenticator app enrolment', () => {
  it('hands out a key and an otpauth URL, and activates only with a right code', async () => {
    const u = await createUserWithSession('totp');
    const before = await status(u);
    expect(before.json).toEqual({ totp: false, passkeys: [], recoveryCodesLeft: 0 });

    const started = await startTotp(u);
    expect(started.status).toBe(200);
    expect(started.json.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(started.json.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('issuer')).toBe('Custos');
    expect(url.searchParams.get('secret')).toBe(started.json.secret);
    expect(decodeURIComponent(url.pathname)).toContain(u.email);

    // Not active until confirmed; the key is stored sealed, never in plain text.
    expect((await status(u)).json.totp).toBe(false);
    const db = await getDb();
    const [row] = await db.select().from(totpSecrets).where(eq(totpSecrets.userId, u.id));
    expect(row.confirmedAt).toBeNull();
    expect(row.secretCiphertext).not.toContain(started.json.secret);
    expect(await hasSecondFactor(db, u.id)).toBe(false);

    const wrong = await confirmTotp(u, codeFor(started.json.secret, 5));
    expect(wrong.status).toBe(403);
    expect(wrong.json.code).toBe('invalid_code');
    expect(wrong.json.errors[0].path).toBe('code');
    expect((await status(u)).json.totp).toBe(false);

    const bad = await confirmTotp(u, '12ab');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('code');

    const confirmed = await confirmTotp(u, codeFor(started.json.secret));
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.json.recoveryCodes).size).toBe(10);
    for (const code of confirmed.json.recoveryCodes) expect(code).toMatch(/^[2-9a-z]{5}-[2-9a-z]{5}$/);
    expect((await status(u)).json).toEqual({ totp: true, passkeys: [], recoveryCodesLeft: 10 });
    expect(await hasSecondFactor(db, u.id)).toBe(true);

    // Only hashes are kept.
    const stored = await db.select({ hash: recoveryCodes.codeHash }).from(recoveryCodes).where(eq(recoveryCodes.userId, u.id));
    expect(stored).toHaveLength(10);
    for (const { hash } of stored) expect(confirmed.json.recoveryCodes.map((c: string) => c.replace('-', ''))).not.toContain(hash);

    // The session counts as verified (no step-up right after enrolling).
    const [session] = await db.select({ at: sessions.mfaVerifiedAt }).from(sessions).where(eq(sessions.id, u.sessionId));
    expect(session.at).not.toBeNull();

    const events = await auditFor(u.id);
    expect(events.map((e) => e.action)).toContain('user.mfa_totp_enabled');
    const mails = await mailsTo(u.email);
    expect(mails.some((m) => m.template === 'secondFactorNotice' && /authenticator app was added/.test(m.subject))).toBe(true);
    // No secret and no recovery code in the audit trail or the mail.
    const written = JSON.stringify(events) + JSON.stringify(mails);
    expect(written).not.toContain(started.json.secret);
    for (const code of confirmed.json.recoveryCodes) expect(written).not.toContain(code);
  });

  it('refuses a second app while one is active (409), and a confirm with nothing started (409)', async () => {
    const u = await createUserWithSession('totp-twice');
    expect((await confirmTotp(u, '123456')).status).toBe(409);
    await enrolTotp(u);
    const again = await startTotp(u);
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('conflict');
  });

  it('starting again replaces an unconfirmed key: the old key no longer confirms', async () => {
    const u = await createUserWithSession('totp-restart');
    const first = (await startTotp(u)).json.secret;
    const second = (await startTotp(u)).json.secret;
    expect(second).not.toBe(first);
    expect((await confirmTotp(u, codeFor(first))).status).toBe(403);
    expect((await confirmTotp(u, codeFor(second))).status).toBe(200);
  });
});

describe('verifySecondFactorCode', () => {
  it('accepts the current code once: the same step (or an earlier one) is never accepted again', async () => {
    const u = await createUserWithSession('verify');
    const { secret } = await enrolTotp(u);
    // The code used to confirm is spent.
    await expect(verifySecondFactorCode(u.id, codeFor(secret), meta)).rejects.toMatchObject({ code: 'invalid_code', status: 403 });
    nextStep();
    const code = codeFor(secret);
    expect(await verifySecondFactorCode(u.id, code, meta)).toBe('totp');
    await expect(verifySecondFactorCode(u.id, code, meta)).rejects.toMatchObject({ code: 'invalid_code' });
    // One step of drift either way is accepted (here: the code of the next step, typed a little early).
    expect(await verifySecondFactorCode(u.id, codeFor(secret, 1), meta)).toBe('totp');
    // ... but then the current step is older than the last used one: refused.
    nextStep();
    await expect(verifySecondFactorCode(u.id, codeFor(secret, -1), meta)).rejects.toMatchObject({ code: 'invalid_code' });
    // Two steps away is outside the window.
    await expect(verifySecondFactorCode(u.id, codeFor(secret, 3), meta, { failureStatus: 401 })).rejects.toMatchObject({
      code: 'invalid_code',
      status: 401,
    });
    const failed = (await auditFor(u.id)).filter((e) => e.action === 'user.second_factor_failed');
    expect(failed.length).toBe(4);
    expect(JSON.stringify(failed)).not.toContain(secret);
  });

  it('spends a recovery code once, with spaces or capitals too, audits and mails its use', async () => {
    const u = await createUserWithSession('recovery');
    const { recoveryCodes: codes } = await enrolTotp(u);
    expect(await verifySecondFactorCode(u.id, ` ${codes[0].toUpperCase()} `, meta)).toBe('recovery_code');
    await expect(verifySecondFactorCode(u.id, codes[0], meta)).rejects.toMatchObject({ code: 'invalid_code' });
    expect(await verifySecondFactorCode(u.id, codes[1].replace('-', ' '), meta)).toBe('recovery_code');
    expect((await status(u)).json.recoveryCodesLeft).toBe(8);
    const used = (await auditFor(u.id)).filter((e) => e.action === 'user.recovery_code_used');
    expect(used.map((e) => (e.after as { codesLeft?: number } | null)?.codesLeft).sort()).toEqual([8, 9]);
    const mails = (await mailsTo(u.email)).filter((m) => /recovery code was used/.test(m.subject));
    expect(mails).toHaveLength(2);
    expect(mails.some((m) => m.text.includes('8 recovery codes are left'))).toBe(true);
  });

  it('two concurrent uses of one recovery code: exactly one wins', async () => {
    const u = await createUserWithSession('recovery-race');
    const { recoveryCodes: codes } = await enrolTotp(u);
    const results = await Promise.allSettled([verifySecondFactorCode(u.id, codes[3], meta), verifySecondFactorCode(u.id, codes[3], meta)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'invalid_code' });
    const db = await getDb();
    const spent = await db
      .select({ id: recoveryCodes.id })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, u.id), sql`${recoveryCodes.usedAt} is not null`));
    expect(spent).toHaveLength(1);
  });

  it('pauses codes after five wrong ones: 429 with Retry-After even for a right code, audited and mailed once', async () => {
    const u = await createUserWithSession('limit');
    const { secret } = await enrolTotp(u);
    nextStep();
    for (let i = 0; i < 5; i++) {
      await expect(verifySecondFactorCode(u.id, '000000', meta)).rejects.toMatchObject({ code: 'invalid_code' });
    }
    const paused = await verifySecondFactorCode(u.id, codeFor(secret), meta).catch((e: unknown) => e);
    expect(paused).toMatchObject({ code: 'rate_limited', status: 429 });
    const retryAfter = Number((paused as { headers: Record<string, string> }).headers['Retry-After']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const events = await auditFor(u.id);
    expect(events.filter((e) => e.action === 'user.second_factor_failed')).toHaveLength(5);
    expect(events.filter((e) => e.action === 'user.second_factor_locked')).toHaveLength(1);
    expect((await mailsTo(u.email)).filter((m) => /are paused/.test(m.subject))).toHaveLength(1);
  });

  it('refuses everything for a person without a second factor, and nonsense without a lookup', async () => {
    const u = await createUserWithSession('nofactor');
    await expect(verifySecondFactorCode(u.id, '123456', meta)).rejects.toMatchObject({ code: 'invalid_code' });
    await expect(verifySecondFactorCode(u.id, 'not a code at all', meta)).rejects.toMatchObject({ code: 'invalid_code' });
  });
});

describe('recovery codes and removal', () => {
  it('regenerating voids every earlier code; it needs a recent check and a factor', async () => {
    const u = await createUserWithSession('regen');
    const none = await call(recoveryCodesPOST, { method: 'POST', url: `${URL_BASE}/recovery-codes`, cookie: u.cookie });
    expect(none.status).toBe(409);

    const { recoveryCodes: old } = await enrolTotp(u);
    const fresh = await call(recoveryCodesPOST, { method: 'POST', url: `${URL_BASE}/recovery-codes`, cookie: u.cookie });
    expect(fresh.status).toBe(200);
    expect(fresh.json.recoveryCodes).toHaveLength(10);
    expect(fresh.json.recoveryCodes.filter((c: string) => old.includes(c))).toEqual([]);
    await expect(verifySecondFactorCode(u.id, old[0], meta)).rejects.toMatchObject({ code: 'invalid_code' });
    expect(await verifySecondFactorCode(u.id, fresh.json.recoveryCodes[0], meta)).toBe('recovery_code');
    expect((await auditFor(u.id)).map((e) => e.action)).toContain('user.mfa_recovery_codes_regenerated');

    await markVerifiedLongAgo(u.sessionId);
    const stale = await call(recoveryCodesPOST, { method: 'POST', url: `${URL_BASE}/recovery-codes`, cookie: u.cookie });
    expect(stale.status).toBe(403);
    expect(stale.json.code).toBe('mfa_required');
    expect((await status(u)).json.recoveryCodesLeft).toBe(9);
  });

  it('removing the app needs a recent check; without another factor the recovery codes go too', async () => {
    const u = await createUserWithSession('remove');
    await enrolTotp(u);
    await markVerifiedLongAgo(u.sessionId);
    const refused = await call(totpDELETE, { method: 'DELETE', url: `${URL_BASE}/totp`, cookie: u.cookie });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('mfa_required');
    expect((await status(u)).json.totp).toBe(true);

    const db = await getDb();
    await db
      .update(sessions)
      .set({ mfaVerifiedAt: sql`now()` })
      .where(eq(sessions.id, u.sessionId));
    const removed = await call(totpDELETE, { method: 'DELETE', url: `${URL_BASE}/totp`, cookie: u.cookie });
    expect(removed.status).toBe(204);
    expect((await status(u)).json).toEqual({ totp: false, passkeys: [], recoveryCodesLeft: 0 });
    expect((await auditFor(u.id)).map((e) => e.action)).toContain('user.mfa_totp_removed');
    expect((await mailsTo(u.email)).some((m) => /authenticator app was removed/.test(m.subject))).toBe(true);
    // Nothing left to remove: 404.
    expect((await call(totpDELETE, { method: 'DELETE', url: `${URL_BASE}/totp`, cookie: u.cookie })).status).toBe(404);
  });

  it('answers 401 without a session', async () => {
    expect((await call(mfaGET, { url: URL_BASE })).status).toBe(401);
    expect((await call(totpPOST, { method: 'POST', url: `${URL_BASE}/totp` })).status).toBe(401);
  });
});

describe('passkeys over the API (ceremonies: tests/e2e/mfa-enrolment)', () => {
  /** A stored passkey row, as a registration would leave it (the public key is not used here). */
  async function storedPasskey(userId: string, name: string) {
    const db = await getDb();
    const [row] = await db
      .insert(webauthnCredentials)
      .values({
        userId,
        credentialId: `cred-${crypto.randomUUID()}`,
        publicKey: Buffer.from([1, 2, 3]),
        deviceType: 'multiDevice',
        name,
        transports: ['internal'],
      })
      .returning();
    return row;
  }

  it('registration options: Custos as relying party, discoverable preferred, existing passkeys excluded', async () => {
    const u = await createUserWithSession('pk-options');
    const existing = await storedPasskey(u.id, 'Old laptop');
    // A passkey is a second factor: adding another needs a recent check.
    await markVerifiedLongAgo(u.sessionId);
    const refused = await call(passkeyOptionsPOST, { method: 'POST', url: `${URL_BASE}/passkeys/options`, cookie: u.cookie });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('mfa_required');
    const db = await getDb();
    await db
      .update(sessions)
      .set({ mfaVerifiedAt: sql`now()` })
      .where(eq(sessions.id, u.sessionId));

    const res = await call(passkeyOptionsPOST, { method: 'POST', url: `${URL_BASE}/passkeys/options`, cookie: u.cookie });
    expect(res.status).toBe(200);
    expect(res.json.challengeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json.options.rp).toEqual({ name: 'Custos', id: 'localhost' });
    expect(res.json.options.user.name).toBe(u.email);
    expect(res.json.options.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'preferred' });
    expect(res.json.options.excludeCredentials.map((c: { id: string }) => c.id)).toEqual([existing.credentialId]);
  });

  it('adding: a response that does not verify is 400 naming response; the challenge then is spent (400 naming challengeId)', async () => {
    const u = await createUserWithSession('pk-add');
    const options = await call(passkeyOptionsPOST, { method: 'POST', url: `${URL_BASE}/passkeys/options`, cookie: u.cookie });
    const forged = {
      id: 'Zm9yZ2Vk',
      rawId: 'Zm9yZ2Vk',
      type: 'public-key',
      response: { clientDataJSON: 'e30', attestationObject: 'o2NmbXRkbm9uZQ' },
      clientExtensionResults: {},
    };
    const body = { challengeId: options.json.challengeId, name: 'Forged', response: forged };
    const first = await call(passkeysPOST, { method: 'POST', url: `${URL_BASE}/passkeys`, cookie: u.cookie, body });
    expect(first.status).toBe(400);
    expect(first.json.errors[0].path).toBe('response');
    const again = await call(passkeysPOST, { method: 'POST', url: `${URL_BASE}/passkeys`, cookie: u.cookie, body });
    expect(again.status).toBe(400);
    expect(again.json.errors[0].path).toBe('challengeId');
    const noName = await call(passkeysPOST, {
      method: 'POST',
      url: `${URL_BASE}/passkeys`,
      cookie: u.cookie,
      body: { ...body, name: ' ' },
    });
    expect(noName.status).toBe(400);
    expect(noName.json.errors[0].path).toBe('name');
    expect((await status(u)).json.passkeys).toEqual([]);
  });

  it('another person’s challenge does not serve you', async () => {
    const owner = await createUserWithSession('pk-owner');
    const thief = await createUserWithSession('pk-thief');
    const options = await call(passkeyOptionsPOST, { method: 'POST', url: `${URL_BASE}/passkeys/options`, cookie: owner.cookie });
    const res = await call(passkeysPOST, {
      method: 'POST',
      url: `${URL_BASE}/passkeys`,
      cookie: thief.cookie,
      body: {
        challengeId: options.json.challengeId,
        name: 'Mine',
        response: {
          id: 'eA',
          rawId: 'eA',
          type: 'public-key',
          response: { clientDataJSON: 'e30', attestationObject: 'eA' },
          clientExtensionResults: {},
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('challengeId');
  });

  it('a registered passkey whose answer does not verify is refused (403) and audited as refused on its owner’s trail; nothing is used', async () => {
    const u = await createUserWithSession('pk-refused');
    const mine = await storedPasskey(u.id, 'Desk key');
    await markVerifiedLongAgo(u.sessionId);
    const answer = (challengeId: string, credentialId: string) => ({
      challengeId,
      response: {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
        clientExtensionResults: {},
      },
    });
    const options = async () => {
      const res = await call(stepUpPasskeyOptionsPOST, { method: 'POST', url: `${URL_BASE}/verify/passkey/options`, cookie: u.cookie });
      expect(res.status).toBe(200);
      expect(res.json.options.allowCredentials.map((c: { id: string }) => c.id)).toEqual([mine.credentialId]);
      return res.json.challengeId as string;
    };

    const refused = await call(stepUpPasskeyPOST, {
      method: 'POST',
      url: `${URL_BASE}/verify/passkey`,
      cookie: u.cookie,
      body: answer(await options(), mine.credentialId),
    });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('invalid_code');
    const events = await auditFor(u.id);
    const refusals = events.filter((e) => e.action === 'user.mfa_passkey_refused');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ tenantId: null, actorId: u.id, after: { email: u.email, passkey: 'Desk key' } });
    expect(events.map((e) => e.action)).not.toContain('user.mfa_passkey_used');
    // Nothing counts as used: no last use, and the session still has no recent check.
    expect((await status(u)).json.passkeys).toEqual([expect.objectContaining({ id: mine.id, lastUsedAt: null })]);
    const db = await getDb();
    const [session] = await db.select({ at: sessions.mfaVerifiedAt }).from(sessions).where(eq(sessions.id, u.sessionId));
    expect(Date.now() - (session.at?.getTime() ?? 0)).toBeGreaterThan(30 * 60_000);

    // An answer naming no registered passkey names nobody: refused, nothing more on the trail.
    const unknown = await call(stepUpPasskeyPOST, {
      method: 'POST',
      url: `${URL_BASE}/verify/passkey`,
      cookie: u.cookie,
      body: answer(await options(), 'bm8tc3VjaC1rZXk'),
    });
    expect(unknown.status).toBe(403);
    expect((await auditFor(u.id)).filter((e) => e.action === 'user.mfa_passkey_refused')).toHaveLength(1);
  });

  it('rename and remove your own; another person’s is 404 and stays', async () => {
    const u = await createUserWithSession('pk-own');
    const other = await createUserWithSession('pk-other');
    const mine = await storedPasskey(u.id, 'Laptop');
    const theirs = await storedPasskey(other.id, 'Their key');
    const db = await getDb();
    await db
      .update(sessions)
      .set({ mfaVerifiedAt: sql`now()` })
      .where(eq(sessions.id, u.sessionId));

    const renamed = await call(passkeyPATCH, {
      method: 'PATCH',
      url: `${URL_BASE}/passkeys/${mine.id}`,
      params: { id: mine.id },
      cookie: u.cookie,
      body: { name: '  Work laptop ' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ id: mine.id, name: 'Work laptop', lastUsedAt: null });
    const tooLong = await call(passkeyPATCH, {
      method: 'PATCH',
      url: `${URL_BASE}/passkeys/${mine.id}`,
      params: { id: mine.id },
      cookie: u.cookie,
      body: { name: 'x'.repeat(61) },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.errors[0].path).toBe('name');

    for (const handler of [passkeyPATCH, passkeyDELETE]) {
      const method = handler === passkeyPATCH ? 'PATCH' : 'DELETE';
      const res = await call(handler, {
        method,
        url: `${URL_BASE}/passkeys/${theirs.id}`,
        params: { id: theirs.id },
        cookie: u.cookie,
        body: method === 'PATCH' ? { name: 'Stolen' } : undefined,
      });
      expect(res.status, method).toBe(404);
    }
    expect((await secondFactorStatus(db, other.id)).passkeys.map((p) => p.name)).toEqual(['Their key']);
    const badId = await call(passkeyDELETE, {
      method: 'DELETE',
      url: `${URL_BASE}/passkeys/nope`,
      params: { id: 'nope' },
      cookie: u.cookie,
    });
    expect(badId.status).toBe(400);
    expect(badId.json.errors[0].path).toBe('params.id');

    const removed = await call(passkeyDELETE, {
      method: 'DELETE',
      url: `${URL_BASE}/passkeys/${mine.id}`,
      params: { id: mine.id },
      cookie: u.cookie,
    });
    expect(removed.status).toBe(204);
    expect((await status(u)).json.passkeys).toEqual([]);
    const actions = (await auditFor(u.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.mfa_passkey_renamed', 'user.mfa_passkey_removed']));
    expect((await mailsTo(u.email)).some((m) => m.text.includes('“Work laptop” can no longer be used'))).toBe(true);
  });
});

describe('POST /api/v1/tenants/{tenant}/members/{id}/mfa/reset', () => {
  const reset = (tenant: string, id: string, cookie: string) =>
    call(resetPOST, {
      method: 'POST',
      url: `http://localhost/api/v1/tenants/${tenant}/members/${id}/mfa/reset`,
      params: { tenant, id },
      cookie,
    });

  async function membershipOf(tenantId: string, userId: string): Promise<string> {
    const db = await getDb();
    const [row] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
    return row.id;
  }

  it('an admin resets a member’s factors: all gone, tenant trail, member mailed', async () => {
    const t = await createTenantWithMembers();
    const viewer = t.users.viewer;
    const { recoveryCodes: codes } = await enrolTotp(viewer);
    const db = await getDb();
    await db.insert(webauthnCredentials).values({
      userId: viewer.id,
      credentialId: `cred-${crypto.randomUUID()}`,
      publicKey: Buffer.from([1]),
      deviceType: 'singleDevice',
      name: 'Key',
    });
    const id = await membershipOf(t.id, viewer.id);

    const res = await reset(t.slug, id, t.users.admin.cookie);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ totp: true, passkeys: 1, recoveryCodes: 10 });
    expect(await secondFactorStatus(db, viewer.id)).toEqual({ totp: false, passkeys: [], recoveryCodesLeft: 0 });
    await expect(verifySecondFactorCode(viewer.id, codes[0], meta)).rejects.toMatchObject({ code: 'invalid_code' });

    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.action, 'member.second_factors_reset'), eq(auditEvents.targetId, id)));
    expect(event.actorId).toBe(t.users.admin.id);
    expect(event.before).toMatchObject({ totp: true, passkeys: 1, recoveryCodes: 10 });
    expect(event.after).toMatchObject({ totp: false, passkeys: 0, recoveryCodes: 0 });
    const mails = (await mailsTo(viewer.email)).filter((m) => /second factors were reset/.test(m.subject));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`${t.users.admin.name}, an administrator of Tenant ${t.slug},`);
  });

  it('a role without members.update is refused (403) and nothing changes', async () => {
    const t = await createTenantWithMembers();
    await enrolTotp(t.users.viewer);
    const id = await membershipOf(t.id, t.users.viewer.id);
    for (const role of ['operator', 'qa', 'viewer'] as const) {
      const res = await reset(t.slug, id, t.users[role].cookie);
      expect(res.status, role).toBe(403);
    }
    expect((await status(t.users.viewer)).json.totp).toBe(true);
  });

  it('a manager may reset a viewer but not an admin (beyond their power)', async () => {
    const t = await createTenantWithMembers();
    await enrolTotp(t.users.admin);
    const adminId = await membershipOf(t.id, t.users.admin.id);
    const refused = await reset(t.slug, adminId, t.users.manager.cookie);
    expect(refused.status).toBe(403);
    expect((await status(t.users.admin)).json.totp).toBe(true);
    const viewerId = await membershipOf(t.id, t.users.viewer.id);
    expect((await reset(t.slug, viewerId, t.users.manager.cookie)).status).toBe(200);
  });

  it('another tenant’s member is 404 and keeps their factors; a bad id is 400 naming it', async () => {
    const t = await createTenantWithMembers();
    const other = await createTenantWithMembers();
    await enrolTotp(other.users.viewer);
    const foreign = await membershipOf(other.id, other.users.viewer.id);
    const res = await reset(t.slug, foreign, t.users.admin.cookie);
    expect(res.status).toBe(404);
    expect((await status(other.users.viewer)).json.totp).toBe(true);
    const bad = await reset(t.slug, 'not-a-uuid', t.users.admin.cookie);
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('params.id');
  });

  it('the owner function resets nobody outside the tenant in use, even when called directly', async () => {
    const t = await createTenantWithMembers();
    const other = await createTenantWithMembers();
    await enrolTotp(other.users.viewer);
    const foreign = await membershipOf(other.id, other.users.viewer.id);
    const db = await getDb();
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'custos_app', true), set_config('app.tenant_id', ${t.id}, true)`);
      return tx.execute(sql`select * from reset_member_second_factors(${foreign}::uuid)`);
    });
    expect(rowsOf(rows)).toHaveLength(0);
    expect((await status(other.users.viewer)).json.totp).toBe(true);
    // The runtime role cannot read a secret or a code hash, nor delete factors itself.
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'custos_app', true), set_config('app.tenant_id', ${t.id}, true)`);
        await tx.execute(sql`select secret_ciphertext from totp_secrets limit 1`);
      }),
    ).rejects.toThrow();
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'custos_app', true), set_config('app.tenant_id', ${t.id}, true)`);
        await tx.delete(recoveryCodes).where(isNull(recoveryCodes.usedAt));
      }),
    ).rejects.toThrow();
  });
});

describe('TOTP secrets at rest', () => {
  it('seal with AES-256-GCM bound to the person: another person’s id or a changed byte opens nothing', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', '11111111-1111-4111-8111-111111111111');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(sealed, '11111111-1111-4111-8111-111111111111')).toBe('JBSWY3DPEHPK3PXP');
    expect(openSecret(sealed, '22222222-2222-4222-8222-222222222222')).toBeNull();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(openSecret([v, iv, tag, flipped.toString('base64url')].join('.'), '11111111-1111-4111-8111-111111111111')).toBeNull();
    // A fresh IV each time: the same secret never seals the same way twice.
    expect(sealSecret('JBSWY3DPEHPK3PXP', '11111111-1111-4111-8111-111111111111')).not.toBe(sealed);
  });
});
