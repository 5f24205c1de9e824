import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb, getDbHandle } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { users } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { ACCOUNT_LIMIT, beginSignInWithLookup, recordSignInFailure } from '@/lib/auth/sign-in-guard';
import { DomainError } from '@/lib/errors';
import { resetKv } from '@/lib/platform/kv';
import { unique } from '../support/fixtures';
import { kvStores } from '../support/kv-stores';

// beginSignInWithLookup: a sign-in's attempt taken and its account looked up together (lib/auth/authenticate.ts). On
// the PostgreSQL kv store both are one statement; on Upstash they are sent at once. Either way the attempt counts
// whether or not the lookup finds a row, and a locked email is refused whatever the lookup found.
const meta = { requestId: 'lookup-test', ip: null, userAgent: 'vitest' };
const lookup = (email: string) =>
  sql`select ${users.id} as "id", ${users.name} as "name" from ${users} where lower(${users.email}) = ${email}`;
const refusal = (error: unknown) => (error instanceof DomainError ? { status: error.status, code: error.code } : error);

const { stores, close } = kvStores({ postgres: 'the PostgreSQL kv store', upstash: 'Upstash (REST shim)' });
afterAll(close);

describe.each(stores)('beginSignInWithLookup on %s', (_name, useStore) => {
  it('answers the row and counts the attempt; an unknown email is counted alike and answers null', async () => {
    await useStore();
    const db = await getDb();
    const email = `lookup-${unique()}@test.custos`;
    const user = await insertUser(db, { email, name: 'Lou', password: 'correct horse battery staple', verified: true });
    const first = await beginSignInWithLookup<{ id: string; name: string }>(email, `ip-${unique()}`, null, lookup(email));
    expect(first).toEqual({ attempt: { attempt: 1, counter: 'account' }, found: { id: user.id, name: 'Lou' } });
    const second = await beginSignInWithLookup(email, `ip-${unique()}`, null, lookup(email));
    expect(second.attempt).toEqual({ attempt: 2, counter: 'account' });

    const nobody = `nobody-${unique()}@test.custos`;
    expect(await beginSignInWithLookup(nobody, null, null, lookup(nobody))).toEqual({
      attempt: { attempt: 1, counter: 'account' },
      found: null,
    });
  });

  it('refuses a locked email with 429 though its account is found, and a trusted device counts on its own counter', async () => {
    await useStore();
    const db = await getDb();
    const email = `locked-${unique()}@test.custos`;
    const user = await insertUser(db, { email, name: 'Lea', password: 'correct horse battery staple', verified: true });
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      const { attempt, found } = await beginSignInWithLookup<{ id: string; name: string }>(email, null, null, lookup(email));
      await recordSignInFailure(email, attempt, found && { ...found, email }, meta);
    }
    const refused = await beginSignInWithLookup(email, null, null, lookup(email)).catch(refusal);
    expect(refused).toEqual({ status: 429, code: 'rate_limited' });

    const deviceId = crypto.randomUUID();
    const trusted = await beginSignInWithLookup<{ id: string; name: string }>(email, null, deviceId, lookup(email));
    expect(trusted).toEqual({ attempt: { attempt: 1, counter: 'device', deviceId }, found: { id: user.id, name: 'Lea' } });
  });
});

describe('with the kv store in the database', () => {
  it("keeps its asynchronous commit to its own statement: the connection's synchronous_commit stays as it was", async () => {
    delete process.env.UPSTASH_REDIS_REST_URL;
    delete process.env.UPSTASH_REDIS_REST_TOKEN;
    resetKv();
    const db = await getDb();
    const setting = async () =>
      rowsOf<{ value: string }>(await db.execute(sql`select current_setting('synchronous_commit') as value`))[0].value;
    const before = await setting();
    const email = `async-${unique()}@test.custos`;
    // PGlite has one connection, so the next statement runs on the one the attempt used; a pool's may be another.
    for (let i = 0; i < 3; i++) await beginSignInWithLookup(email, null, null, lookup(email));
    expect(before).toBe('on');
    expect(await setting()).toBe(before);
  });

  it('takes the attempt and looks the account up in one statement', async () => {
    const handle = await getDbHandle();
    if (!handle.sql) return; // PGlite: no postgres.js client whose statements could be counted
    delete process.env.UPSTASH_REDIS_REST_URL;
    delete process.env.UPSTASH_REDIS_REST_TOKEN;
    resetKv();
    const email = `one-trip-${unique()}@test.custos`;
    await insertUser(handle.db, { email, name: 'Una', password: 'correct horse battery staple', verified: true });
    await beginSignInWithLookup(email, null, null, lookup(email)); // first use: the kv store chosen, statements prepared
    const sent: string[] = [];
    const before = handle.sql.options.debug;
    handle.sql.options.debug = (_connection, query) => sent.push(query);
    try {
      const { found } = await beginSignInWithLookup(email, `ip-${unique()}`, null, lookup(email));
      expect(found).not.toBeNull();
    } finally {
      handle.sql.options.debug = before;
    }
    expect(sent).toHaveLength(1);
  });
});
