import { sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Queryable } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { callStatementFunction, statementFunctionBody, type StatementFunction } from '@/db/statement-functions';
import { loadMemberAccess, MEMBER_ACCESS, MEMBER_ACCESS_WITH_SUSPENDED, memberAccessQuery } from '@/lib/access/member-access';
import { API_KEY_FACTS, apiKeyFactsQuery, loadApiKeyFacts } from '@/lib/tenancy/api-key-facts';
import { loadSessionFacts, SESSION_FACTS, sessionFactsQuery } from '@/lib/tenancy/session-facts';
import { STATEMENT_FUNCTIONS } from '@/lib/tenancy/statement-functions';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, createUserWithSession, type TestTenant } from '../support/fixtures';

// The facts of every request by a session or an API key are database functions (drizzle/0045,
// db/statement-functions.ts), planned once per connection even when nothing is prepared (PgBouncer in transaction
// mode). Their bodies are generated from the queries their modules write: a module's query changed without a new
// migration must fail here, and a function must answer exactly what its query answers, under the caller's row-level
// security.
let acme: TestTenant;
let globex: TestTenant;
let prefix: string;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  globex = await createTenantWithMembers();
  prefix = `ck_fn${Date.now().toString(36)}`;
  await (
    await getDb()
  ).execute(sql`
    insert into api_keys (tenant_id, name, prefix, key_hash, created_by, permissions)
    values (${acme.id}, 'statement functions', ${prefix}, 'not-a-real-hash', ${acme.users.qa.id}, array['batches.read'])`);
});

/** `query`'s one row with its JSON columns parsed (postgres.js gives json as text in some paths, PGlite as objects). */
async function oneRow(tx: Queryable, query: SQL): Promise<Record<string, unknown>> {
  const [row] = rowsOf<Record<string, unknown>>(await tx.execute(query));
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? (JSON.parse(v) as unknown) : v]));
}

/** The function's answer and its query's, side by side in one transaction of `tenantId` as the runtime role. */
function bothAnswers(tenantId: string, userId: string | null, fn: StatementFunction, query: SQL, values: string[]) {
  return withTenant(
    tenantId,
    async (tx) => ({ fn: await oneRow(tx, callStatementFunction(fn, ...values)), query: await oneRow(tx, query) }),
    {
      userId,
    },
  );
}

describe('statement functions (drizzle/0045)', () => {
  it.each(STATEMENT_FUNCTIONS.map((fn) => [fn.name, fn] as const))(
    '%s: the migrated body is the one its modules build now, in PL/pgSQL, as the caller',
    async (name, fn) => {
      const [row] = rowsOf<{ body: string; language: string; definer: boolean; args: string }>(
        await (
          await getDb()
        ).execute(sql`
          select p.prosrc as body, l.lanname as language, p.prosecdef as definer, pg_get_function_arguments(p.oid) as args
            from pg_proc p join pg_language l on l.oid = p.prolang
           where p.proname = ${name}`),
      );
      expect(row, `no function ${name}: add a migration (scripts/statement-functions-sql.ts)`).toBeDefined();
      expect(
        row.body,
        `${name} differs from what its modules build now: put the output of scripts/statement-functions-sql.ts in a new migration`,
      ).toBe(statementFunctionBody(fn));
      expect(row.language).toBe('plpgsql');
      expect(row.definer).toBe(false);
      expect(row.args).toBe(fn.args.map((arg) => `${arg.name} ${arg.type}`).join(', '));
    },
  );

  it('session_facts answers what its query answers: a member, a suspended member, a stranger, a made-up session', async () => {
    const { manager, viewer } = acme.users;
    const member = await bothAnswers(acme.id, manager.id, SESSION_FACTS, sessionFactsQuery(acme.id, manager.id, manager.sessionId), [
      acme.id,
      manager.id,
      manager.sessionId,
    ]);
    expect(member.fn).toEqual(member.query);
    expect((member.fn.session as { email: string }).email).toBe(manager.email);
    expect(member.fn.access).not.toBeNull();

    await (await getDb()).execute(sql`update memberships set status = 'suspended' where tenant_id = ${acme.id} and user_id = ${viewer.id}`);
    const suspended = await withTenant(
      acme.id,
      (tx) => loadSessionFacts(tx, acme.id, { presented: 'session', sessionId: viewer.sessionId, userId: viewer.id }),
      {
        userId: viewer.id,
      },
    );
    expect(suspended.member?.status).toBe('suspended');

    const stranger = await createUserWithSession(`stranger-${Date.now()}`);
    const outside = await bothAnswers(acme.id, stranger.id, SESSION_FACTS, sessionFactsQuery(acme.id, stranger.id, stranger.sessionId), [
      acme.id,
      stranger.id,
      stranger.sessionId,
    ]);
    expect(outside.fn).toEqual(outside.query);
    expect(outside.fn.session).not.toBeNull();
    expect(outside.fn.access).toBeNull();

    const madeUp = '00000000-0000-4000-8000-00000000beef';
    const none = await bothAnswers(acme.id, manager.id, SESSION_FACTS, sessionFactsQuery(acme.id, manager.id, madeUp), [
      acme.id,
      manager.id,
      madeUp,
    ]);
    expect(none.fn).toEqual(none.query);
    expect(none.fn.session).toBeNull();
  });

  it("runs under the caller's row-level security: in another tenant's transaction, by another person, no access is seen", async () => {
    const { manager } = acme.users;
    const intruder = globex.users.admin;
    // globex's transaction, as globex's admin: acme's memberships are not theirs to see, whatever the function is asked
    // (as the owner, it would see them: the function must run as its caller).
    const seen = await bothAnswers(globex.id, intruder.id, SESSION_FACTS, sessionFactsQuery(acme.id, manager.id, manager.sessionId), [
      acme.id,
      manager.id,
      manager.sessionId,
    ]);
    expect(seen.fn).toEqual(seen.query);
    expect(seen.fn.access).toBeNull();
    const asOwner = await oneRow(await getDb(), sessionFactsQuery(acme.id, manager.id, manager.sessionId));
    expect(asOwner.access).not.toBeNull();
    const key = await withTenant(globex.id, (tx) => loadApiKeyFacts(tx, acme.id, prefix));
    expect(key).toEqual({ row: null, member: null });
  });

  it("api_key_facts answers what its query answers: the tenant's key with its creator's access, and an unknown prefix", async () => {
    const known = await bothAnswers(acme.id, null, API_KEY_FACTS, apiKeyFactsQuery(acme.id, prefix), [acme.id, prefix]);
    expect(known.fn).toEqual(known.query);
    expect((known.fn.key as { prefix?: string; name: string }).name).toBe('statement functions');
    expect(known.fn.access).not.toBeNull();
    const facts = await withTenant(acme.id, (tx) => loadApiKeyFacts(tx, acme.id, prefix));
    expect(facts.row?.createdBy).toBe(acme.users.qa.id);
    expect(facts.member?.permissions.has('batches.read')).toBe(true);

    const unknown = await bothAnswers(acme.id, null, API_KEY_FACTS, apiKeyFactsQuery(acme.id, 'ck_nosuchkey'), [acme.id, 'ck_nosuchkey']);
    expect(unknown.fn).toEqual(unknown.query);
    expect(unknown.fn).toEqual({ key: null, access: null });
  });

  it('member_access answers what its query answers, suspended members only when asked', async () => {
    const { operator } = acme.users;
    const accessQuery = (includeSuspended: boolean) =>
      sql`select (select json_agg(a) from (${memberAccessQuery(acme.id, operator.id, { includeSuspended })}) a) as access`;
    const active = await bothAnswers(acme.id, operator.id, MEMBER_ACCESS, accessQuery(false), [acme.id, operator.id]);
    expect(active.fn).toEqual(active.query);
    const before = await withTenant(acme.id, (tx) => loadMemberAccess(tx, acme.id, operator.id), { userId: operator.id });
    expect(before?.roles).toEqual(['operator']);
    expect(before?.permissions.has('batches.read')).toBe(true);

    await (
      await getDb()
    ).execute(sql`update memberships set status = 'suspended' where tenant_id = ${acme.id} and user_id = ${operator.id}`);
    const hidden = await bothAnswers(acme.id, operator.id, MEMBER_ACCESS, accessQuery(false), [acme.id, operator.id]);
    expect(hidden.fn).toEqual({ access: null });
    expect(hidden.query).toEqual({ access: null });
    const shown = await bothAnswers(acme.id, operator.id, MEMBER_ACCESS_WITH_SUSPENDED, accessQuery(true), [acme.id, operator.id]);
    expect(shown.fn).toEqual(shown.query);
    const suspended = await withTenant(acme.id, (tx) => loadMemberAccess(tx, acme.id, operator.id, { includeSuspended: true }), {
      userId: operator.id,
    });
    expect(suspended?.status).toBe('suspended');
    expect(await withTenant(acme.id, (tx) => loadMemberAccess(tx, acme.id, operator.id), { userId: operator.id })).toBeNull();
    expect(await withTenant(acme.id, (tx) => loadMemberAccess(tx, acme.id, globex.users.admin.id))).toBeNull();
  });
});
