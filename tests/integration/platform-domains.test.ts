import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as platformList } from '@/app/api/v1/admin/tenants/[tenant]/domains/route';
import { POST as platformVerify } from '@/app/api/v1/admin/tenants/[tenant]/domains/[id]/verify/route';
import { GET as tenantList, POST as addDomain } from '@/app/api/v1/tenants/[tenant]/domains/route';
import { tenantDomains } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, unique, type TestTenant, type TestUser } from '../support/fixtures';

let acme: TestTenant;
let other: TestTenant;
let root: TestUser;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  root = await createUserWithSession('root', { platformAdmin: true });
});

const adminBase = (slug: string) => `http://localhost/api/v1/admin/tenants/${slug}/domains`;
const list = (slug: string, cookie = root.cookie) => call(platformList, { url: adminBase(slug), params: { tenant: slug }, cookie });
const verify = (slug: string, id: string, cookie = root.cookie) =>
  call(platformVerify, { method: 'POST', url: `${adminBase(slug)}/${id}/verify`, params: { tenant: slug, id }, cookie });

async function added(t: TestTenant, domain = `pd-${unique()}.example`) {
  const res = await call(addDomain, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${t.slug}/domains`,
    params: { tenant: t.slug },
    cookie: t.users.admin.cookie,
    body: { domain },
  });
  expect(res.status).toBe(201);
  return res.json as { id: string; domain: string };
}

type Listed = { data: { id: string; domain: string; verified: boolean; verifiedMethod: string | null }[]; ssoRequired: boolean };

describe('GET /api/v1/admin/tenants/{tenant}/domains', () => {
  it('lists a tenant’s domains for a platform admin exactly as the tenant’s admins see them, then shows a verification', async () => {
    const first = await added(acme);
    const second = await added(acme);
    const theirs = await added(other);
    const res = await list(acme.slug);
    expect(res.status).toBe(200);
    const body = res.json as Listed;
    const ids = body.data.map((d) => d.id);
    expect(ids).toContain(first.id);
    expect(ids).toContain(second.id);
    expect(ids).not.toContain(theirs.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(body.data.find((d) => d.id === first.id)).toMatchObject({ domain: first.domain, verified: false, verifiedMethod: null });

    const own = await call(tenantList, {
      url: `http://localhost/api/v1/tenants/${acme.slug}/domains`,
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
    });
    expect(own.status).toBe(200);
    expect(res.json).toEqual(own.json);

    expect((await verify(acme.slug, first.id)).status).toBe(200);
    const after = (await list(acme.slug)).json as Listed;
    expect(after.data.find((d) => d.id === first.id)).toMatchObject({ verified: true, verifiedMethod: 'platform' });
    expect(after.data.find((d) => d.id === second.id)).toMatchObject({ verified: false });
  });

  it('refuses a tenant admin (403) and signed-out callers (401), and says 404 for an unknown tenant', async () => {
    const res = await list(acme.slug, acme.users.admin.cookie);
    expect(res.status).toBe(403);
    expect((await list(acme.slug, other.users.admin.cookie)).status).toBe(403);
    const anonymous = await call(platformList, { url: adminBase(acme.slug), params: { tenant: acme.slug } });
    expect(anonymous.status).toBe(401);
    const missing = await list(`missing-${unique()}`);
    expect(missing.status).toBe(404);
  });

  it('names the field of bad input (400): an overlong tenant, a domain id that is not an id; nothing is verified', async () => {
    const d = await added(acme);
    const longSlug = await list('x'.repeat(64));
    expect(longSlug.status).toBe(400);
    expect(longSlug.json.errors.map((e: { path: string }) => e.path)).toEqual(['params.tenant']);
    const badId = await verify(acme.slug, 'not-an-id');
    expect(badId.status).toBe(400);
    expect(badId.json.errors.map((e: { path: string }) => e.path)).toEqual(['params.id']);
    const [row] = await withTenant(acme.id, (tx) => tx.select().from(tenantDomains).where(eq(tenantDomains.id, d.id)));
    expect(row.verifiedAt).toBeNull();
  });
});
