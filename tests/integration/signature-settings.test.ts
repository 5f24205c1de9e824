import { beforeAll, describe, expect, it } from 'vitest';
import { PATCH as PATCH_TENANT } from '@/app/api/v1/tenants/[tenant]/route';
import { createSession, encodeSessionToken, resolveSessionActor, SESSION_COOKIE } from '@/lib/auth/session';
import { signingPolicy } from '@/lib/quality/signatures';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { sessions } from '@/db/schema';
import type { TestUser } from '../support/fixtures';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { api, giveTestPasswords, inspect, moveTo, newBatch, sign } from '../support/quality';

// The tenant setting `signatureRequiresPassword` (21 CFR 11.200(a)(1)(i)). On (the default): every signature takes
// the password. Off: the first signature of a session takes the password, later ones in the same session may
// leave it out; a new session starts with the password again.
async function tenantWithSetting(requiresPassword: boolean | null, timeoutMinutes?: number): Promise<TestTenant> {
  const t = await createTenantWithMembers();
  await giveTestPasswords(t);
  if (requiresPassword !== null) {
    const res = await call(PATCH_TENANT, {
      method: 'PATCH',
      url: `http://localhost/api/v1/tenants/${t.slug}`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: {
        settings: { signatureRequiresPassword: requiresPassword, ...(timeoutMinutes ? { sessionTimeoutMinutes: timeoutMinutes } : {}) },
      },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  }
  return t;
}

/** Two inspections awaiting review on one batch (performed by the operator, reviewed by QA). */
async function twoInspections(t: TestTenant): Promise<[string, string]> {
  const batch = await newBatch(t);
  await moveTo(t, batch, 'in_production');
  const a = await inspect(t, batch, 'operator', { type: 'in_process', sampleSize: 5, characteristics: [{ name: 'Weight', value: 1 }] });
  const b = await inspect(t, batch, 'operator', { type: 'in_process', sampleSize: 5, characteristics: [{ name: 'Weight', value: 2 }] });
  return [a.id, b.id];
}

const sessionOnly = { meaning: 'approved' };

describe('signatureRequiresPassword', () => {
  let on: TestTenant;
  let off: TestTenant;
  beforeAll(async () => {
    on = await tenantWithSetting(null);
    off = await tenantWithSetting(false);
  });

  it('on (default): a signature without the password is 400 naming signature.password, even after a signed one', async () => {
    const [a, b] = await twoInspections(on);
    expect((await api.review(on, 'qa', a, { decision: 'approve', signature: sign('approved') })).status).toBe(200);
    const res = await api.review(on, 'qa', b, { decision: 'approve', signature: sessionOnly });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('signature.password');
    expect((await api.getInspection(on, 'qa', b)).json.status).toBe('submitted');
  });

  it('off: the first signature of a session takes the password, later ones in that session may omit it', async () => {
    const [a, b] = await twoInspections(off);
    const first = await api.review(off, 'qa', a, { decision: 'approve', signature: sessionOnly });
    expect(first.status).toBe(400);
    expect(first.json.errors[0].path).toBe('signature.password');
    expect((await api.review(off, 'qa', a, { decision: 'approve', signature: sign('approved') })).status).toBe(200);
    const second = await api.review(off, 'qa', b, { decision: 'approve', signature: sessionOnly });
    expect(second.status, JSON.stringify(second.json)).toBe(200);
    expect(second.json.status).toBe('approved');
  });

  it('off: a new session starts with the password again', async () => {
    const [a] = await twoInspections(off);
    const db = await getDb();
    const session = await createSession(db, off.users.qa.id, { ip: '127.0.0.1', userAgent: 'vitest' });
    const cookie = `${SESSION_COOKIE}=${await encodeSessionToken({ id: session.id, userId: off.users.qa.id })}`;
    const fresh = { ...off, users: { ...off.users, qa: { ...off.users.qa, cookie, sessionId: session.id } } };
    const res = await api.review(fresh, 'qa', a, { decision: 'approve', signature: sessionOnly });
    expect(res.status).toBe(400);
  });

  it("tells the console's signature dialog when the password may be left out (signingPolicy)", async () => {
    const policyOf = async (t: TestTenant, cookie: string) => {
      const actor = await resolveSessionActor(new Request('http://localhost/', { headers: { cookie } }));
      if (!actor) throw new Error('no session');
      return withTenantContext(actor, t.slug, { requestId: 'test' }, (ctx) => signingPolicy(ctx));
    };
    const fresh = async (t: TestTenant) => {
      const session = await createSession(await getDb(), t.users.qa.id, { ip: '127.0.0.1', userAgent: 'vitest' });
      return {
        ...t,
        users: {
          ...t.users,
          qa: {
            ...t.users.qa,
            cookie: `${SESSION_COOKIE}=${await encodeSessionToken({ id: session.id, userId: t.users.qa.id })}`,
            sessionId: session.id,
          },
        },
      };
    };
    const offNow = await fresh(off);
    expect(await policyOf(offNow, offNow.users.qa.cookie)).toEqual({ sessionSigning: true, signedThisSession: false });
    const [a] = await twoInspections(off);
    expect((await api.review(offNow, 'qa', a, { decision: 'approve', signature: sign('approved') })).status).toBe(200);
    expect(await policyOf(offNow, offNow.users.qa.cookie)).toEqual({ sessionSigning: true, signedThisSession: true });
    // Another session of the same person has not signed yet.
    const offLater = await fresh(off);
    expect(await policyOf(offLater, offLater.users.qa.cookie)).toEqual({ sessionSigning: true, signedThisSession: false });
    // With the setting on, a signature never makes the password optional.
    const onNow = await fresh(on);
    const [b] = await twoInspections(on);
    expect((await api.review(onNow, 'qa', b, { decision: 'approve', signature: sign('approved') })).status).toBe(200);
    expect(await policyOf(onNow, onNow.users.qa.cookie)).toEqual({ sessionSigning: false, signedThisSession: true });
  });

  /** Another session of the QA person of `t` (signing in again elsewhere). */
  const newSessionOf = async (t: TestTenant): Promise<TestUser> => {
    const session = await createSession(await getDb(), t.users.qa.id, { ip: '127.0.0.1', userAgent: 'vitest' });
    return {
      ...t.users.qa,
      sessionId: session.id,
      cookie: `${SESSION_COOKIE}=${await encodeSessionToken({ id: session.id, userId: t.users.qa.id })}`,
    };
  };

  it('off: a password signature in one session does not let another, older session of the same person sign without it; the same session may', async () => {
    const t = await tenantWithSetting(false);
    const older = await newSessionOf(t);
    const newer = await newSessionOf(t);
    const [a, b] = await twoInspections(t);
    expect((await api.review(t, newer, a, { decision: 'approve', signature: sign('approved') })).status).toBe(200);

    const elsewhere = await api.review(t, older, b, { decision: 'approve', signature: sessionOnly });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json.errors[0].path).toBe('signature.password');
    expect((await api.getInspection(t, 'viewer', b)).json).toMatchObject({ status: 'submitted', signatures: [] });

    const sameSession = await api.review(t, newer, b, { decision: 'approve', signature: sessionOnly });
    expect(sameSession.status, JSON.stringify(sameSession.json)).toBe(200);
    expect(sameSession.json.status).toBe('approved');
  });

  it("off: the same session, once idle past the tenant's timeout, cannot sign without the password", async () => {
    const t = await tenantWithSetting(false, 5);
    const session = await newSessionOf(t);
    const [a, b] = await twoInspections(t);
    expect((await api.review(t, session, a, { decision: 'approve', signature: sign('approved') })).status).toBe(200);
    await (
      await getDb()
    )
      .update(sessions)
      .set({ lastSeenAt: sql`now() - make_interval(mins => 6)` })
      .where(eq(sessions.id, session.sessionId));
    const idle = await api.review(t, session, b, { decision: 'approve', signature: sessionOnly });
    expect(idle.status).toBe(401);
    expect((await api.getInspection(t, 'viewer', b)).json).toMatchObject({ status: 'submitted', signatures: [] });
  });
});
