import { and, count, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DELETE } from '@/app/api/v1/tenants/[tenant]/api-keys/[id]/route';
import { GET as LIST, POST } from '@/app/api/v1/tenants/[tenant]/api-keys/route';
import { GET as GET_TENANT } from '@/app/api/v1/tenants/[tenant]/route';
import { GET as GET_ME } from '@/app/api/v1/me/route';
import { POST as CHANGE_PASSWORD } from '@/app/api/v1/me/password/route';
import { POST as CREATE_TENANT } from '@/app/api/v1/tenants/route';
import { apiKeys, auditEvents, memberRoles, memberships, systems } from '@/db/schema';
import { generateApiKey, parseApiKey } from '@/lib/access/api-key-format';
import { setClock } from '@/lib/platform/clock';
import { resetEnv } from '@/lib/platform/env';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';

// API keys: POST/GET /api/v1/tenants/{tenant}/api-keys, DELETE …/api-keys/{id}, and using a key as a bearer.
// Choice: a scope the creator does not hold is 403 `forbidden` naming `permissions.<i>`; a scope that is not a
// permission key at all (neither catalog nor registered by a system) is 400 `validation_failed` naming it.
let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

afterEach(() => {
  setClock();
});

const listUrl = (slug: string) => `http://localhost/api/v1/tenants/${slug}/api-keys`;
const tenantUrl = (slug: string) => `http://localhost/api/v1/tenants/${slug}`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function createKey(t: TestTenant, body: Record<string, unknown>, cookie = t.users.admin.cookie) {
  return call(POST, { method: 'POST', url: listUrl(t.slug), params: { tenant: t.slug }, cookie, body });
}

async function keyRow(tenantId: string, id: string) {
  return withTenant(tenantId, async (tx) => (await tx.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]);
}

async function counts(tenantId: string) {
  return withTenant(tenantId, async (tx) => ({
    keys: (await tx.select({ n: count() }).from(apiKeys))[0].n,
    audit: (await tx.select({ n: count() }).from(auditEvents))[0].n,
  }));
}

async function auditOf(tenantId: string, action: string, targetId: string) {
  return withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId))),
  );
}

describe('POST /api/v1/tenants/{tenant}/api-keys', () => {
  it('creates a key for an admin: shown once, stored as a hash, audited without the secret', async () => {
    const res = await createKey(acme, { name: 'CI pipeline', permissions: ['tenant.read', 'batches.read'] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'CI pipeline', permissions: ['batches.read', 'tenant.read'], expiresAt: null });
    expect(res.json.key).toMatch(/^ck_[a-z2-7]{8,10}_[A-Za-z0-9_-]{43,}$/);
    expect(parseApiKey(res.json.key)?.prefix).toBe(res.json.prefix);

    const row = await keyRow(acme.id, res.json.id);
    expect(row.createdBy).toBe(acme.users.admin.id);
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.keyHash).not.toContain(res.json.key);

    const [event] = await auditOf(acme.id, 'api_key.created', res.json.id);
    expect(event.actorId).toBe(acme.users.admin.id);
    expect(event.before).toBeNull();
    expect(event.after).toMatchObject({ name: 'CI pipeline', prefix: res.json.prefix, permissions: ['batches.read', 'tenant.read'] });
    expect(JSON.stringify(event)).not.toContain(res.json.key);
    expect(JSON.stringify(event)).not.toContain(res.json.key.split('_').slice(2).join('_'));
  });

  it('is 403 for roles without api_keys.manage, and writes nothing', async () => {
    const before = await counts(acme.id);
    for (const role of ['manager', 'operator', 'viewer'] as const) {
      const res = await createKey(acme, { name: 'nope', permissions: ['sites.read'] }, acme.users[role].cookie);
      expect(res.status, role).toBe(403);
      expect(res.json.code).toBe('forbidden');
    }
    expect(await counts(acme.id)).toEqual(before);
  });

  it('refuses scopes beyond what the creator holds (403 naming permissions), writing nothing', async () => {
    const before = await counts(acme.id);
    // admin lacks batches.release (API.md role table)
    const res = await createKey(acme, { name: 'escalate', permissions: ['tenant.read', 'batches.release'] });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('forbidden');
    expect(res.json.errors).toEqual([{ path: 'permissions.1', message: expect.stringContaining('batches.release') }]);
    expect(await counts(acme.id)).toEqual(before);
  });

  it('accepts only catalog keys or keys registered by a system of the tenant', async () => {
    await withTenant(acme.id, (tx) =>
      tx.insert(systems).values({ tenantId: acme.id, slug: 'lims', name: 'LIMS', permissions: ['samples.read'] }),
    );
    const unknown = await createKey(acme, { name: 'bad', permissions: ['tenant.read', 'widgets.fly', 'erp:orders.read'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['permissions.1', 'permissions.2']);
    // Registered, but the admin does not hold it: escalation, not a bad key.
    const notHeld = await createKey(acme, { name: 'lims', permissions: ['lims:samples.read'] });
    expect(notHeld.status).toBe(403);
    expect(notHeld.json.errors[0].path).toBe('permissions.0');
  });

  it('is 400 naming each bad field, and writes nothing', async () => {
    const before = await counts(acme.id);
    const res = await createKey(acme, { name: '  ', permissions: [], expiresAt: 'tomorrow', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation_failed');
    const paths = res.json.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'permissions', 'expiresAt', 'colour']));
    const past = await createKey(acme, { name: 'old', permissions: ['tenant.read'], expiresAt: '2001-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.json.errors).toEqual([{ path: 'expiresAt', message: expect.any(String) }]);
    const missing = await createKey(acme, {});
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['name', 'permissions']));
    expect(await counts(acme.id)).toEqual(before);
  });

  it('is 404 on a tenant the caller is not a member of', async () => {
    const res = await createKey(other, { name: 'x', permissions: ['tenant.read'] }, acme.users.admin.cookie);
    expect(res.status).toBe(404);
  });
});

describe('GET /api/v1/tenants/{tenant}/api-keys', () => {
  it('lists keys with creator, status and no secret; managers may read, viewers may not', async () => {
    const created = await createKey(acme, { name: 'listed', permissions: ['tenant.read'] });
    const res = await call(LIST, { url: listUrl(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.manager.cookie });
    expect(res.status).toBe(200);
    const item = res.json.data.find((k: { id: string }) => k.id === created.json.id);
    expect(item).toMatchObject({
      name: 'listed',
      prefix: created.json.prefix,
      permissions: ['tenant.read'],
      createdBy: { id: acme.users.admin.id, name: acme.users.admin.name },
      lastUsedAt: null,
      revokedAt: null,
      status: 'active',
    });
    expect(JSON.stringify(res.json)).not.toContain(created.json.key);
    expect(JSON.stringify(res.json)).not.toMatch(/keyHash|key_hash/);
    expect(res.json.data.some((k: { id: string }) => k.id === created.json.id)).toBe(true);

    const viewer = await call(LIST, { url: listUrl(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.viewer.cookie });
    expect(viewer.status).toBe(403);
    const otherList = await call(LIST, { url: listUrl(other.slug), params: { tenant: other.slug }, cookie: other.users.admin.cookie });
    expect(otherList.json.data.some((k: { id: string }) => k.id === created.json.id)).toBe(false);
  });

  it('pages with limit and cursor, filters by status, and rejects a bad cursor or status', async () => {
    const t = await createTenantWithMembers();
    for (const name of ['one', 'two', 'three']) expect((await createKey(t, { name, permissions: ['tenant.read'] })).status).toBe(201);
    const first = await call(LIST, { url: `${listUrl(t.slug)}?limit=2`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });
    expect(first.json.data.map((k: { name: string }) => k.name)).toEqual(['three', 'two']);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await call(LIST, {
      url: `${listUrl(t.slug)}?limit=2&cursor=${first.json.nextCursor}`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
    });
    expect(second.json.data.map((k: { name: string }) => k.name)).toEqual(['one']);
    expect(second.json.nextCursor).toBeNull();
    // ?status= filters: revoke one, expire one.
    await call(DELETE, {
      method: 'DELETE',
      url: `${listUrl(t.slug)}/${second.json.data[0].id}`,
      params: { tenant: t.slug, id: second.json.data[0].id },
      cookie: t.users.admin.cookie,
    });
    await withTenant(t.id, (tx) =>
      tx
        .update(apiKeys)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(apiKeys.name, 'two')),
    );
    const names = async (status: string) =>
      (
        await call(LIST, { url: `${listUrl(t.slug)}?status=${status}`, params: { tenant: t.slug }, cookie: t.users.admin.cookie })
      ).json.data.map((k: { name: string }) => k.name);
    expect(await names('active')).toEqual(['three']);
    expect(await names('expired')).toEqual(['two']);
    expect(await names('revoked')).toEqual(['one']);
    const badStatus = await call(LIST, { url: `${listUrl(t.slug)}?status=lost`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.errors[0].path).toBe('query.status');
    const bad = await call(LIST, { url: `${listUrl(t.slug)}?cursor=nope`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('query.cursor');
  });
});

describe('DELETE /api/v1/tenants/{tenant}/api-keys/{id}', () => {
  it('revokes (204, audited); the key then answers 401', async () => {
    const created = await createKey(acme, { name: 'to revoke', permissions: ['tenant.read'] });
    const key = created.json.key as string;
    expect((await call(GET_TENANT, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, headers: bearer(key) })).status).toBe(200);

    const forbidden = await call(DELETE, {
      method: 'DELETE',
      url: `${listUrl(acme.slug)}/${created.json.id}`,
      params: { tenant: acme.slug, id: created.json.id },
      cookie: acme.users.manager.cookie,
    });
    expect(forbidden.status).toBe(403);

    const res = await call(DELETE, {
      method: 'DELETE',
      url: `${listUrl(acme.slug)}/${created.json.id}`,
      params: { tenant: acme.slug, id: created.json.id },
      cookie: acme.users.admin.cookie,
    });
    expect(res.status).toBe(204);
    expect((await keyRow(acme.id, created.json.id)).revokedAt).toBeInstanceOf(Date);
    const [event] = await auditOf(acme.id, 'api_key.revoked', created.json.id);
    expect(event.before).toMatchObject({ revokedAt: null });
    expect(event.after).toMatchObject({ revokedAt: expect.any(String) });

    const after = await call(GET_TENANT, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, headers: bearer(key) });
    expect(after.status).toBe(401);
    const list = await call(LIST, { url: listUrl(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.admin.cookie });
    expect(list.json.data.find((k: { id: string }) => k.id === created.json.id).status).toBe('revoked');
  });

  it("is 404 for another tenant's key id or an unknown id, and leaves the key alone", async () => {
    const created = await createKey(acme, { name: 'mine', permissions: ['tenant.read'] });
    for (const id of [created.json.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await call(DELETE, {
        method: 'DELETE',
        url: `${listUrl(other.slug)}/${id}`,
        params: { tenant: other.slug, id },
        cookie: other.users.admin.cookie,
      });
      expect(res.status).toBe(404);
      expect(res.json.code).toBe('not_found');
    }
    expect((await keyRow(acme.id, created.json.id)).revokedAt).toBeNull();
    const bad = await call(DELETE, {
      method: 'DELETE',
      url: `${listUrl(acme.slug)}/x`,
      params: { tenant: acme.slug, id: 'x' },
      cookie: acme.users.admin.cookie,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('params.id');
  });
});

describe('using a key: Authorization: Bearer ck_…', () => {
  it('authenticates its tenant within its scopes, is 404 on another tenant, and sets lastUsedAt', async () => {
    const scoped = await createKey(acme, { name: 'reader', permissions: ['tenant.read'] });
    const unscoped = await createKey(acme, { name: 'sites only', permissions: ['sites.read'] });
    const ok = await call(GET_TENANT, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, headers: bearer(scoped.json.key) });
    expect(ok.status).toBe(200);
    expect(ok.json.slug).toBe(acme.slug);
    const noScope = await call(GET_TENANT, {
      url: tenantUrl(acme.slug),
      params: { tenant: acme.slug },
      headers: bearer(unscoped.json.key),
    });
    expect(noScope.status).toBe(403);
    // Another tenant, even one whose admin is the key's creator's peer: never there.
    const elsewhere = await call(GET_TENANT, {
      url: tenantUrl(other.slug),
      params: { tenant: other.slug },
      headers: bearer(scoped.json.key),
    });
    expect(elsewhere.status).toBe(404);

    const row = await keyRow(acme.id, scoped.json.id);
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    const list = await call(LIST, { url: listUrl(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.admin.cookie });
    expect(list.json.data.find((k: { id: string }) => k.id === scoped.json.id).lastUsedAt).toBe(row.lastUsedAt!.toISOString());
  });

  it('updates lastUsedAt at most once a minute', async () => {
    const created = await createKey(acme, { name: 'ticker', permissions: ['tenant.read'] });
    const use = () => call(GET_TENANT, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, headers: bearer(created.json.key) });
    const start = new Date(Date.now() + 60_000);
    setClock({ at: start });
    expect((await use()).status).toBe(200);
    expect((await keyRow(acme.id, created.json.id)).lastUsedAt?.getTime()).toBe(start.getTime());
    setClock({ advanceMs: 30_000 });
    await use();
    expect((await keyRow(acme.id, created.json.id)).lastUsedAt?.getTime()).toBe(start.getTime());
    setClock({ advanceMs: 31_000 });
    await use();
    expect((await keyRow(acme.id, created.json.id)).lastUsedAt?.getTime()).toBe(start.getTime() + 61_000);
  });

  it("acts with at most the creator's current permissions: removing the creator's role takes effect at once", async () => {
    const t = await createTenantWithMembers();
    const created = await createKey(t, { name: 'creator bound', permissions: ['tenant.read'] });
    const use = () => call(GET_TENANT, { url: tenantUrl(t.slug), params: { tenant: t.slug }, headers: bearer(created.json.key) });
    expect((await use()).status).toBe(200);
    await withTenant(t.id, async (tx) => {
      const [m] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, t.users.admin.id));
      await tx.delete(memberRoles).where(eq(memberRoles.membershipId, m.id));
    });
    expect((await use()).status).toBe(403);
  });

  it('is refused (403) on routes that act as the person: /api/v1/me, /api/v1/me/password, POST /api/v1/tenants', async () => {
    const created = await createKey(acme, { name: 'not a person', permissions: ['tenant.read'] });
    const me = await call(GET_ME, { url: 'http://localhost/api/v1/me', headers: bearer(created.json.key) });
    expect(me.status).toBe(403);
    expect(me.json.code).toBe('forbidden');
    const slug = `k-${created.json.prefix}`;
    const tenants = await call(CREATE_TENANT, {
      method: 'POST',
      url: 'http://localhost/api/v1/tenants',
      headers: bearer(created.json.key),
      body: { slug, name: 'Made by a key' },
    });
    expect(tenants.status).toBe(403);
    const password = await call(CHANGE_PASSWORD, {
      method: 'POST',
      url: 'http://localhost/api/v1/me/password',
      headers: bearer(created.json.key),
      body: { currentPassword: 'whatever-it-is', newPassword: 'a-brand-new-passphrase-1' },
    });
    expect(password.status).toBe(403);
    // The same routes still work for the person.
    expect((await call(GET_ME, { url: 'http://localhost/api/v1/me', cookie: acme.users.admin.cookie })).status).toBe(200);
  });

  it('is 401 when expired, with a wrong secret, or unknown', async () => {
    const created = await createKey(acme, {
      name: 'short lived',
      permissions: ['tenant.read'],
      expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    });
    const use = (key: string) => call(GET_TENANT, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, headers: bearer(key) });
    expect((await use(created.json.key)).status).toBe(200);
    setClock({ advanceMs: 2 * 60 * 60_000 });
    const expired = await use(created.json.key);
    expect(expired.status).toBe(401);
    expect(expired.json.code).toBe('unauthenticated');
    setClock();
    const list = await call(LIST, { url: listUrl(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.admin.cookie });
    expect(list.json.data.find((k: { id: string }) => k.id === created.json.id).status).toBe('active');

    const valid = await createKey(acme, { name: 'right prefix', permissions: ['tenant.read'] });
    const wrongSecret = `ck_${valid.json.prefix}_${generateApiKey().key.split('_').slice(2).join('_')}`;
    expect(wrongSecret).not.toBe(valid.json.key);
    expect((await use(wrongSecret)).status).toBe(401);
    expect((await use(generateApiKey().key)).status).toBe(401);
    expect((await use('ck_garbage')).status).toBe(401);
    expect((await use(valid.json.key)).status).toBe(200);
  });

  it('on a tenant that does not exist: 404 for a valid key, 401 for a bad one (no probing of tenant slugs)', async () => {
    const created = await createKey(acme, { name: 'prober', permissions: ['tenant.read'] });
    const nowhere = `nowhere-${unique()}`;
    const use = (key: string) => call(GET_TENANT, { url: tenantUrl(nowhere), params: { tenant: nowhere }, headers: bearer(key) });
    expect((await use(created.json.key)).status).toBe(404);
    expect((await use(generateApiKey().key)).status).toBe(401);
    const wrongSecret = `ck_${created.json.prefix}_${generateApiKey().key.split('_').slice(2).join('_')}`;
    expect((await use(wrongSecret)).status).toBe(401);
    // The same bad keys on a tenant that exists: 401 too, never 404.
    const here = (key: string) => call(GET_TENANT, { url: tenantUrl(other.slug), params: { tenant: other.slug }, headers: bearer(key) });
    expect((await here(generateApiKey().key)).status).toBe(401);
    expect((await here(wrongSecret)).status).toBe(401);
  });

  it('a key whose expiry was written in the past is 401 and listed as expired', async () => {
    const created = await createKey(acme, { name: 'backdated', permissions: ['tenant.read'] });
    await withTenant(acme.id, (tx) =>
      tx
        .update(apiKeys)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(apiKeys.id, created.json.id)),
    );
    const res = await call(GET_TENANT, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, headers: bearer(created.json.key) });
    expect(res.status).toBe(401);
    const list = await call(LIST, { url: listUrl(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.admin.cookie });
    expect(list.json.data.find((k: { id: string }) => k.id === created.json.id).status).toBe('expired');
  });

  describe('rate limit', () => {
    const saved = process.env.API_KEY_RATE_LIMIT;
    afterEach(() => {
      if (saved === undefined) delete process.env.API_KEY_RATE_LIMIT;
      else process.env.API_KEY_RATE_LIMIT = saved;
      resetEnv();
    });

    it('sends RateLimit-* headers on every keyed response and 429 with Retry-After past the limit', async () => {
      process.env.API_KEY_RATE_LIMIT = '3';
      resetEnv();
      const created = await createKey(acme, { name: 'limited', permissions: ['sites.read'] });
      const use = () => call(GET_TENANT, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, headers: bearer(created.json.key) });
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await use();
        expect(res.status).toBe(403); // not scoped for tenant.read: the headers ride on errors too
        expect(res.headers.get('ratelimit-limit')).toBe('3');
        expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
        expect(Number(res.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);
        remaining.push(res.headers.get('ratelimit-remaining')!);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const limited = await use();
      expect(limited.status).toBe(429);
      expect(limited.json.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      // Refused routes count too, and carry the headers.
      const me = await call(GET_ME, { url: 'http://localhost/api/v1/me', headers: bearer(created.json.key) });
      expect(me.status).toBe(429);
      // Per key: another key of the same creator is not limited; cookie requests carry no headers.
      const fresh = await createKey(acme, { name: 'fresh', permissions: ['tenant.read'] });
      const freshRes = await call(GET_TENANT, {
        url: tenantUrl(acme.slug),
        params: { tenant: acme.slug },
        headers: bearer(fresh.json.key),
      });
      expect(freshRes.status).toBe(200);
      expect(freshRes.headers.get('ratelimit-remaining')).toBe('2');
      const cookie = await call(GET_TENANT, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.admin.cookie });
      expect(cookie.headers.get('ratelimit-limit')).toBeNull();
    });

    it('counts wrong secrets for a known prefix too, so secrets cannot be guessed past the limit', async () => {
      process.env.API_KEY_RATE_LIMIT = '2';
      resetEnv();
      const created = await createKey(acme, { name: 'guarded', permissions: ['tenant.read'] });
      const wrongSecret = `ck_${created.json.prefix}_${generateApiKey().key.split('_').slice(2).join('_')}`;
      const use = (key: string) => call(GET_TENANT, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, headers: bearer(key) });
      expect((await use(wrongSecret)).status).toBe(401);
      expect((await use(wrongSecret)).status).toBe(401);
      const limited = await use(wrongSecret);
      expect(limited.status).toBe(429);
      expect((await use(created.json.key)).status).toBe(429);
    });

    // On PostgreSQL the count is taken beside the tenant transaction's first round trip (lib/http/route.ts): a key over
    // its limit must still change nothing, and answer 429 over what the tenant would have answered.
    it('past the limit a keyed write changes nothing, and 429 answers before an unknown tenant would', async () => {
      process.env.API_KEY_RATE_LIMIT = '2';
      resetEnv();
      const manager = await createKey(acme, { name: 'minting', permissions: ['api_keys.manage', 'api_keys.read'] });
      const name = `minted-${unique()}`;
      const mint = () =>
        call(POST, {
          url: `http://localhost/api/v1/tenants/${acme.slug}/api-keys`,
          method: 'POST',
          params: { tenant: acme.slug },
          headers: bearer(manager.json.key),
          body: { name, permissions: ['api_keys.read'] },
        });
      expect((await mint()).status).toBe(201);
      expect((await mint()).status).toBe(201);
      const limited = await mint();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      const minted = await withTenant(acme.id, (tx) => tx.select({ n: count() }).from(apiKeys).where(eq(apiKeys.name, name)));
      expect(minted[0].n).toBe(2);
      const elsewhere = await call(GET_TENANT, {
        url: tenantUrl('no-such-tenant-here'),
        params: { tenant: 'no-such-tenant-here' },
        headers: bearer(manager.json.key),
      });
      expect(elsewhere.status).toBe(429);
    });
  });

  it('never leaves the secret in the audit trail', async () => {
    const created = await createKey(acme, { name: 'secretive', permissions: ['tenant.read'] });
    const secret = (created.json.key as string).slice(`ck_${created.json.prefix}_`.length);
    const events = await withTenant(acme.id, (tx) => tx.select().from(auditEvents));
    const trail = JSON.stringify(events);
    expect(trail).toContain(created.json.prefix);
    expect(trail).not.toContain(secret);
  });
});

describe('a key that manages keys', () => {
  it('cannot mint a key with more than its own scopes, and the new key is created for the same person', async () => {
    const manager = await createKey(acme, { name: 'key admin', permissions: ['api_keys.manage', 'api_keys.read', 'tenant.read'] });
    const asKey = (body: Record<string, unknown>) =>
      call(POST, { method: 'POST', url: listUrl(acme.slug), params: { tenant: acme.slug }, headers: bearer(manager.json.key), body });
    // members.read: the admin holds it, but the key does not.
    const escalate = await asKey({ name: 'wider', permissions: ['members.read'] });
    expect(escalate.status).toBe(403);
    expect(escalate.json.errors[0].path).toBe('permissions.0');
    const narrower = await asKey({ name: 'narrower', permissions: ['tenant.read'] });
    expect(narrower.status).toBe(201);
    expect((await keyRow(acme.id, narrower.json.id)).createdBy).toBe(acme.users.admin.id);
    const [event] = await auditOf(acme.id, 'api_key.created', narrower.json.id);
    expect(event.actorType).toBe('api_key');
    expect(event.actorId).toBe(manager.json.id);
  });
});

describe('GET /api/v1/tenants/{tenant}/api-keys?sort=', () => {
  // Six keys with set times: two created in the same microsecond, two a microsecond apart, two used at the same
  // moment and two never used, so every order has ties (broken by id) and neighbours a JS Date could not tell apart.
  const spec = [
    { name: 'delta', createdAt: '2030-01-01T10:00:00.000001Z', lastUsedAt: '2030-02-01T09:00:00.000000Z' },
    { name: 'Foxtrot', createdAt: '2030-01-01T10:00:00.000002Z', lastUsedAt: null },
    { name: 'Alpha', createdAt: '2030-01-01T11:00:00.000000Z', lastUsedAt: null },
    { name: 'charlie', createdAt: '2030-01-01T11:00:00.000000Z', lastUsedAt: '2030-02-01T09:00:00.000000Z' },
    { name: 'Bravo', createdAt: '2030-01-01T09:00:00.000000Z', lastUsedAt: '2030-02-03T00:00:00.000000Z' },
    { name: 'echo', createdAt: '2030-01-01T08:00:00.123456Z', lastUsedAt: '2030-02-01T09:00:00.000001Z' },
  ];
  type Row = (typeof spec)[number] & { id: string };
  let t: TestTenant;
  let rows: Row[];

  beforeAll(async () => {
    t = await createTenantWithMembers();
    rows = [];
    for (const s of spec) {
      const res = await createKey(t, { name: s.name, permissions: ['tenant.read'] });
      expect(res.status).toBe(201);
      rows.push({ ...s, id: res.json.id });
    }
    await withTenant(t.id, async (tx) => {
      for (const r of rows) {
        await tx.execute(
          sql`update api_keys set created_at = ${r.createdAt}::timestamptz, last_used_at = ${r.lastUsedAt}::timestamptz where id = ${r.id}`,
        );
      }
    });
  });

  const list = (query: string) =>
    call(LIST, { url: `${listUrl(t.slug)}?${query}`, params: { tenant: t.slug }, cookie: t.users.admin.cookie });

  /** Every page of one order, one key per page so that every row is a cursor once. */
  async function walk(sort: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const res = await list(`limit=1&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      ids.push(...res.json.data.map((k: { id: string }) => k.id));
      cursor = res.json.nextCursor;
      if (!cursor) break;
    }
    return ids;
  }

  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const expected: Record<string, (a: Row, b: Row) => number> = {
    created: (a, b) => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
    name: (a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.id, b.id),
    last_used: (a, b) =>
      a.lastUsedAt === b.lastUsedAt
        ? cmp(b.id, a.id)
        : a.lastUsedAt === null
          ? 1
          : b.lastUsedAt === null
            ? -1
            : cmp(b.lastUsedAt, a.lastUsedAt),
  };

  it('returns each allowed order, and pages through it with the cursor giving every key exactly once', async () => {
    for (const [sort, order] of Object.entries(expected)) {
      const want = [...rows].sort(order).map((r) => r.id);
      const all = await list(`limit=200&sort=${sort}`);
      expect(all.status).toBe(200);
      expect(
        all.json.data.map((k: { id: string }) => k.id),
        sort,
      ).toEqual(want);
      expect(await walk(sort), sort).toEqual(want);
    }
    // No sort is `created`, newest first.
    const plain = await list('limit=200');
    expect(plain.json.data.map((k: { id: string }) => k.id)).toEqual([...rows].sort(expected.created).map((r) => r.id));
    expect(plain.json.data.find((k: { name: string }) => k.name === 'echo').lastUsedAt).toBe('2030-02-01T09:00:00.000Z');
  });

  it('combines the order with ?status=', async () => {
    const bravo = rows.find((r) => r.name === 'Bravo')!;
    await withTenant(t.id, (tx) => tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, bravo.id)));
    try {
      const revoked = await list('sort=last_used&status=revoked');
      expect(revoked.json.data.map((k: { id: string }) => k.id)).toEqual([bravo.id]);
      const active = await list('sort=last_used&status=active&limit=200');
      expect(active.json.data.map((k: { id: string }) => k.id)).toEqual(
        rows
          .filter((r) => r !== bravo)
          .sort(expected.last_used)
          .map((r) => r.id),
      );
    } finally {
      await withTenant(t.id, (tx) => tx.update(apiKeys).set({ revokedAt: null }).where(eq(apiKeys.id, bravo.id)));
    }
  });

  it('is 400 naming query.sort for an unknown order, and query.cursor for a cursor of another order', async () => {
    for (const bad of ['newest', 'lastUsed', '']) {
      const res = await list(`sort=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(res.json.errors[0].path).toBe('query.sort');
    }
    const first = await list('limit=1&sort=name');
    for (const other of ['created', 'last_used']) {
      const mixed = await list(`limit=1&sort=${other}&cursor=${first.json.nextCursor}`);
      expect(mixed.status, other).toBe(400);
      expect(mixed.json.errors[0].path).toBe('query.cursor');
    }
  });
});
