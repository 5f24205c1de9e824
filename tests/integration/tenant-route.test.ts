import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET, PATCH } from '@/app/api/v1/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { auditEvents, tenants } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant } from '../support/fixtures';

// The example of the domain-layer pattern end to end: GET/PATCH /api/v1/tenants/{tenant}.
let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

const url = (slug: string) => `http://localhost/api/v1/tenants/${slug}`;

async function auditCount(tenantId: string) {
  return withTenant(tenantId, async (tx) => (await tx.select({ n: count() }).from(auditEvents))[0].n);
}

describe('GET /api/v1/tenants/{tenant}', () => {
  it('answers a member holding tenant.read', async () => {
    const res = await call(GET, { url: url(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.viewer.cookie });
    // viewer lacks tenant.read (API.md role table)
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('forbidden');
    const ok = await call(GET, { url: url(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.manager.cookie });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ slug: acme.slug, plan: 'team', status: 'active' });
    expect(ok.headers.get('x-request-id')).toBeTruthy();
  });

  it('is 401 without credentials and 404 for a tenant the caller is not a member of', async () => {
    expect((await call(GET, { url: url(acme.slug), params: { tenant: acme.slug } })).status).toBe(401);
    const stranger = await call(GET, { url: url(other.slug), params: { tenant: other.slug }, cookie: acme.users.admin.cookie });
    expect(stranger.status).toBe(404);
    expect(stranger.json.code).toBe('not_found');
    const unknown = await call(GET, { url: url('no-such-tenant'), params: { tenant: 'no-such-tenant' }, cookie: acme.users.admin.cookie });
    expect(unknown.status).toBe(404);
    // A signed-in person with no membership at all gets the same answer.
    const loner = await createUserWithSession('loner');
    expect((await call(GET, { url: url(acme.slug), params: { tenant: acme.slug }, cookie: loner.cookie })).status).toBe(404);
  });
});

describe('PATCH /api/v1/tenants/{tenant}', () => {
  it('lets an admin rename the tenant and audits before/after in the same transaction', async () => {
    const before = await auditCount(acme.id);
    const res = await call(PATCH, {
      method: 'PATCH',
      url: url(acme.slug),
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
      headers: { 'x-request-id': 'req-rename-1' },
      body: { name: 'Acme Renamed', settings: { sessionTimeoutMinutes: 60 } },
    });
    expect(res.status).toBe(200);
    expect(res.json.name).toBe('Acme Renamed');
    expect(res.json.settings.sessionTimeoutMinutes).toBe(60);
    expect(res.headers.get('x-request-id')).toBe('req-rename-1');
    expect(await auditCount(acme.id)).toBe(before + 1);
    const [event] = await withTenant(acme.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.requestId, 'req-rename-1')));
    expect(event).toMatchObject({
      action: 'tenant.updated',
      actorType: 'user',
      actorId: acme.users.admin.id,
      targetType: 'tenant',
      targetId: acme.id,
      before: { name: `Tenant ${acme.slug}`, settings: {} },
      after: { name: 'Acme Renamed', settings: { sessionTimeoutMinutes: 60 } },
    });
  });

  it('refuses a role without tenant.update (403) and writes nothing', async () => {
    const before = await auditCount(acme.id);
    const res = await call(PATCH, {
      method: 'PATCH',
      url: url(acme.slug),
      params: { tenant: acme.slug },
      cookie: acme.users.manager.cookie,
      body: { name: 'Nope' },
    });
    expect(res.status).toBe(403);
    expect(await auditCount(acme.id)).toBe(before);
  });

  it('is 404 for another tenant, whatever the body', async () => {
    const res = await call(PATCH, {
      method: 'PATCH',
      url: url(other.slug),
      params: { tenant: other.slug },
      cookie: acme.users.admin.cookie,
      body: { name: 'Hijacked' },
    });
    expect(res.status).toBe(404);
    const db = await getDb();
    const [row] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, other.id));
    expect(row.name).toBe(`Tenant ${other.slug}`);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const before = await auditCount(acme.id);
    const cases: Array<[unknown, string]> = [
      [{ name: 'x' }, 'name'],
      [{ name: 42 }, 'name'],
      [{ colour: 'red' }, 'colour'],
      [{ settings: { sessionTimeoutMinutes: 1 } }, 'settings.sessionTimeoutMinutes'],
      [{ settings: { sessionTimeoutMinutes: 'soon' } }, 'settings.sessionTimeoutMinutes'],
    ];
    for (const [body, field] of cases) {
      const res = await call(PATCH, {
        method: 'PATCH',
        url: url(acme.slug),
        params: { tenant: acme.slug },
        cookie: acme.users.admin.cookie,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.json.code).toBe('validation_failed');
      expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const malformed = await call(PATCH, {
      method: 'PATCH',
      url: url(acme.slug),
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
      headers: { 'content-type': 'application/json' },
      rawBody: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0].path).toBe('(body)');
    expect(await auditCount(acme.id)).toBe(before);
  });
});
