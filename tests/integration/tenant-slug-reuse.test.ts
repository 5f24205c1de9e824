import { describe, expect, it } from 'vitest';
import { DELETE as wipeOut } from '@/app/api/v1/admin/tenants/[tenant]/route';
import { POST as createTenant } from '@/app/api/v1/admin/tenants/route';
import { POST as createApiKey } from '@/app/api/v1/tenants/[tenant]/api-keys/route';
import { GET as getTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { POST as createScimToken } from '@/app/api/v1/tenants/[tenant]/scim-tokens/route';
import { apiKeys, scimTokens } from '@/db/schema';
import { generateApiKey } from '@/lib/access/api-key-format';
import { handleScim } from '@/lib/scim/handle';
import { generateScimToken } from '@/lib/scim/token-format';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createUserWithSession, unique } from '../support/fixtures';

// A tenant wiped out and a new one created with the same slug. Every process remembers slug → tenant id
// (lib/tenancy/find-tenant.ts); the wipe-out may have happened on another instance, which this process never hears
// of. The first request after the re-creation — by session, API key or SCIM token — must reach the NEW tenant: never
// a 404 or 401 because the remembered id is of the tenant that is gone.

const adminUrl = 'http://localhost/api/v1/admin';
const tenantUrl = (slug: string) => `http://localhost/api/v1/tenants/${slug}`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function createTenantNamed(slug: string, name: string, root: string, adminEmail: string): Promise<string> {
  const res = await call(createTenant, {
    method: 'POST',
    url: `${adminUrl}/tenants`,
    cookie: root,
    body: { slug, name, plan: 'enterprise', adminEmail },
  });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

async function secretsOf(slug: string, cookie: string): Promise<{ apiKey: string; scimToken: string }> {
  const key = await call(createApiKey, {
    method: 'POST',
    url: `${tenantUrl(slug)}/api-keys`,
    params: { tenant: slug },
    cookie,
    body: { name: 'reuse', permissions: ['tenant.read'] },
  });
  expect(key.status).toBe(201);
  const scim = await call(createScimToken, {
    method: 'POST',
    url: `${tenantUrl(slug)}/scim-tokens`,
    params: { tenant: slug },
    cookie,
    body: { name: 'reuse' },
  });
  expect(scim.status).toBe(201);
  return { apiKey: key.json.key as string, scimToken: scim.json.token as string };
}

const readTenant = (slug: string, auth: { cookie?: string; headers?: Record<string, string> }) =>
  call(getTenant, { url: tenantUrl(slug), params: { tenant: slug }, ...auth });

const scimUsers = (slug: string, token: string) =>
  handleScim(new Request(`http://localhost/scim/v2/${slug}/Users`, { headers: bearer(token) }), { tenant: slug, path: ['Users'] });

describe('a slug taken again after its tenant was wiped out', () => {
  it('reaches the new tenant at the first request by session; the old secrets are refused', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const owner = await createUserWithSession('owner');
    const slug = `reuse-${unique()}`;

    const oldId = await createTenantNamed(slug, 'Old tenant', root.cookie, owner.email);
    const old = await secretsOf(slug, owner.cookie);
    // This process now remembers the slug's (old) tenant id.
    expect((await readTenant(slug, { cookie: owner.cookie })).json).toMatchObject({ id: oldId, name: 'Old tenant' });
    expect((await readTenant(slug, { headers: bearer(old.apiKey) })).status).toBe(200);
    expect((await scimUsers(slug, old.scimToken)).status).toBe(200);

    const wiped = await call(wipeOut, {
      method: 'DELETE',
      url: `${adminUrl}/tenants/${slug}?confirm=${slug}`,
      params: { tenant: slug },
      cookie: root.cookie,
    });
    expect(wiped.status).toBe(200);
    const newId = await createTenantNamed(slug, 'New tenant', root.cookie, owner.email);
    expect(newId).not.toBe(oldId);

    // The session: the very first request answers for the new tenant.
    const bySession = await readTenant(slug, { cookie: owner.cookie });
    expect(bySession.status).toBe(200);
    expect(bySession.json).toMatchObject({ id: newId, name: 'New tenant' });

    // The old tenant's secrets are gone with it.
    expect((await readTenant(slug, { headers: bearer(old.apiKey) })).status).toBe(401);
    expect((await scimUsers(slug, old.scimToken)).status).toBe(401);
  });

  it('reaches the new tenant by API key and SCIM token when no session came first', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    const owner = await createUserWithSession('owner');
    const slug = `reuse-${unique()}`;

    await createTenantNamed(slug, 'Old tenant', root.cookie, owner.email);
    const old = await secretsOf(slug, owner.cookie);
    expect((await readTenant(slug, { headers: bearer(old.apiKey) })).status).toBe(200);
    expect((await scimUsers(slug, old.scimToken)).status).toBe(200);

    // Wiped out and created again elsewhere: here only the registry changed (no request of this process saw it).
    const wiped = await call(wipeOut, {
      method: 'DELETE',
      url: `${adminUrl}/tenants/${slug}?confirm=${slug}`,
      params: { tenant: slug },
      cookie: root.cookie,
    });
    expect(wiped.status).toBe(200);
    const newId = await createTenantNamed(slug, 'New tenant', root.cookie, owner.email);
    // Secrets of the new tenant, stored as another instance would have stored them: no request of this process looked
    // the slug up afresh, so it still remembers the old tenant's id.
    const key = generateApiKey();
    const scim = generateScimToken();
    await withTenant(newId, async (tx) => {
      await tx.insert(apiKeys).values({
        tenantId: newId,
        name: 'reuse',
        prefix: key.prefix,
        keyHash: key.hash,
        createdBy: owner.id,
        permissions: ['tenant.read'],
      });
      await tx
        .insert(scimTokens)
        .values({ tenantId: newId, name: 'reuse', prefix: scim.prefix, tokenHash: scim.hash, createdBy: owner.id });
    });

    const byKey = await readTenant(slug, { headers: bearer(key.key) });
    expect(byKey.status).toBe(200);
    expect(byKey.json).toMatchObject({ id: newId, name: 'New tenant' });
    expect((await scimUsers(slug, scim.token)).status).toBe(200);
    // Both again: the slug now leads to the new tenant at once.
    expect((await readTenant(slug, { headers: bearer(key.key) })).status).toBe(200);
    expect((await scimUsers(slug, scim.token)).status).toBe(200);
  });
});
