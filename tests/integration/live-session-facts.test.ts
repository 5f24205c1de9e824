import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { sessions } from '@/db/schema';
import { liveSessionFactsQuery, revokeSession, selectLiveSession, sessionActorOf } from '@/lib/auth/session';
import { loadSessionFacts } from '@/lib/tenancy/session-facts';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { dbErrorOf } from '../support/db-error';
import { plannedScans } from '../support/query-plan';
import { createTenantWithMembers, type TestTenant } from '../support/fixtures';

// A tenant request reads its session as the runtime role, through the owner function live_session_facts
// (drizzle/0041), in the one statement of lib/tenancy/session-facts.ts. The function must hand out no more than one
// live session's own facts, and only to a caller who names both its id and its person.
let acme: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
});

const factsAsApp = (tenantId: string, sessionId: string, userId: string) =>
  withTenant(
    tenantId,
    async (tx) =>
      rowsOf<Record<string, unknown>>(await tx.execute(sql`select * from live_session_facts(${sessionId}::uuid, ${userId}::uuid)`)),
    { userId },
  );

describe('live_session_facts, the session as the runtime role sees it', () => {
  it('answers the same session as the owner reads, and the one statement loads the member with it', async () => {
    const { sessionId, id } = acme.users.manager;
    const [owner] = await selectLiveSession(await getDb(), sessionId, id);
    const facts = await withTenant(acme.id, (tx) => loadSessionFacts(tx, acme.id, { presented: 'session', sessionId, userId: id }), {
      userId: id,
    });
    expect(facts.session).toEqual(owner);
    expect(facts.member?.membershipId).toBeTruthy();
    expect(facts.passwordAge.expired).toBe(false);
    expect(facts.ssoRequired(sessionActorOf(sessionId, facts.session!)).ssoRequired).toBe(false);
  });

  it("answers nothing for another person's id, a made-up session, or a revoked session", async () => {
    const { sessionId, id } = acme.users.qa;
    expect(await factsAsApp(acme.id, sessionId, id)).toHaveLength(1);
    expect(await factsAsApp(acme.id, sessionId, acme.users.manager.id)).toHaveLength(0);
    expect(await factsAsApp(acme.id, '00000000-0000-4000-8000-000000000000', id)).toHaveLength(0);
    await revokeSession(await getDb(), sessionId);
    expect(await factsAsApp(acme.id, sessionId, id)).toHaveLength(0);
    const facts = await withTenant(acme.id, (tx) => loadSessionFacts(tx, acme.id, { presented: 'session', sessionId, userId: id }), {
      userId: id,
    });
    expect(facts.session).toBeNull();
  });

  // drizzle/0042: the function says it answers one row. At 1,000 (the planner's guess for any such function), asking
  // "has a second factor?" of it read totp_secrets and webauthn_credentials whole on every request.
  it("reads the person's second factors by index, not everyone's, however many people have them", async () => {
    const db = await getDb();
    const marker = `many-factors-${Date.now()}`;
    await db.execute(sql`
      with made as (
        insert into users (email, name) select ${marker} || g || '@test.custos', 'Factor ' || g from generate_series(1, 3000) g returning id)
      , app as (insert into totp_secrets (user_id, secret_ciphertext, confirmed_at) select id, 'x', now() from made returning user_id)
      insert into webauthn_credentials (user_id, credential_id, public_key, device_type, name)
        select user_id, 'credential-' || user_id, '\\x00'::bytea, 'singleDevice', 'key' from app`);
    try {
      await db.execute(sql`analyze totp_secrets`);
      await db.execute(sql`analyze webauthn_credentials`);
      const { sessionId, id } = acme.users.operator;
      const scans = await withTenant(acme.id, (tx) => plannedScans(tx, liveSessionFactsQuery(sessionId, id)), { userId: id });
      expect(scans.filter((scan) => /totp_secrets|webauthn_credentials/.test(scan))).not.toEqual([]);
      expect(scans.filter((scan) => /^Seq Scan on (totp_secrets|webauthn_credentials)$/.test(scan))).toEqual([]);
    } finally {
      await db.execute(sql`delete from users where email like ${marker + '%'}`);
    }
  });

  // drizzle/0044: PostgreSQL before 18 plans a SQL-language function that is not inlined on every call; PL/pgSQL keeps
  // its statement's plan for the connection's life. The one-row promise (0042) must survive the replacement.
  it('is PL/pgSQL (its plan kept per connection), answering at most one row, as its owner', async () => {
    const [fn] = rowsOf<{ language: string; rows: number; definer: boolean }>(
      await (
        await getDb()
      ).execute(sql`
        select l.lanname as language, p.prorows::int as rows, p.prosecdef as definer
          from pg_proc p join pg_language l on l.oid = p.prolang
         where p.proname = 'live_session_facts'`),
    );
    expect(fn).toEqual({ language: 'plpgsql', rows: 1, definer: true });
  });

  it('leaves the sessions table closed to the runtime role', async () => {
    const { id } = acme.users.manager;
    const read = withTenant(acme.id, (tx) => tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, id)), { userId: id });
    expect(await dbErrorOf(read)).toMatch(/permission denied/);
  });
});
