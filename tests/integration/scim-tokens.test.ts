import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DELETE } from '@/app/api/v1/tenants/[tenant]/scim-tokens/[id]/route';
import { GET as LIST, POST } from '@/app/api/v1/tenants/[tenant]/scim-tokens/route';
import { getDb } from '@/db/client';
import { auditEvents, scimTokens, sessions } from '@/db/schema';
import { hashToken } from '@/lib/auth/one-time-token';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { enrolTotpFor } from '../support/mfa';
import { auditOf, scim } from '../support/scim-client';

// SCIM tokens: POST/GET /api/v1/tenants/{tenant}/scim-tokens, DELETE …/scim-tokens/{id}, and the token's use at
// /scim/v2/{tenant}. Permission tenant.update (admin only among the default roles); a recent second factor to create.
let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

const listUrl = (slug: string) => `http://localhost/api/v1/tenants/${slug}/scim-tokens`;
const create = (t: TestTenant, body: unknown, cookie = t.users.admin.cookie) =>
  call(POST, { method: 'POST', url: listUrl(t.slug), params: { tenant: t.slug }, cookie, body });
const list = (t: TestTenant, cookie = t.users.admin.cookie) => call(LIST, { url: listUrl(t.slug), params: { tenant: t.slug }, cookie });
const revoke = (t: TestTenant, id: string, cookie = t.users.admin.cookie) =>
  call(DELETE, { method: 'DELETE', url: `${listUrl(t.slug)}/${id}`, params: { tenant: t.slug, id }, cookie });

async function counts(tenantId: string) {
  return withTenant(tenantId, async (tx) => ({
    tokens: (await tx.select({ n: count() }).from(scimTokens))[0].n,
    audit: (await tx.select({ n: count() }).from(auditEvents))[0].n,
  }));
}

describe('POST /api/v1/tenants/{tenant}/scim-tokens', () => {
  it('creates a token for an admin: shown once, stored as its SHA-256, audited without the secret, and it works at /scim/v2', async () => {
    const res = await create(acme, { name: 'Okta' });
    expect(res.status).toBe(201);
    expect(res.json.token).toMatch(/^scim_[a-z2-7]{10}_[A-Za-z0-9_-]{43,}$/);
    expect(res.json.token.startsWith(`scim_${res.json.prefix}_`)).toBe(true);
    expect(res.json.scimBaseUrl).toMatch(new RegExp(`/scim/v2/${acme.slug}$`));
    const [row] = await withTenant(acme.id, (tx) => tx.select().from(scimTokens).where(eq(scimTokens.id, res.json.id)));
    expect(row.tokenHash).toBe(hashToken(res.json.token));
    expect(row.createdBy).toBe(acme.users.admin.id);
    expect(row.lastUsedAt).toBeNull();

    const [event] = await auditOf(acme.id, 'scim_token.created', res.json.id);
    expect(event.actorId).toBe(acme.users.admin.id);
    expect(event.after).toMatchObject({ name: 'Okta', prefix: res.json.prefix });
    expect(JSON.stringify(event)).not.toContain(res.json.token.split('_').slice(2).join('_'));

    const listed = await list(acme);
    expect(listed.status).toBe(200);
    const item = listed.json.data.find((t: { id: string }) => t.id === res.json.id);
    expect(item).toMatchObject({ name: 'Okta', prefix: res.json.prefix, status: 'active', revokedAt: null });
    expect(item.createdBy).toEqual({ id: acme.users.admin.id, name: acme.users.admin.name });
    expect(JSON.stringify(listed.json)).not.toContain(res.json.token.split('_').slice(2).join('_'));
    expect(JSON.stringify(listed.json)).not.toContain(row.tokenHash);

    const used = await scim(acme.slug, res.json.token, 'GET', 'ServiceProviderConfig');
    expect(used.status).toBe(200);
    const [touched] = await withTenant(acme.id, (tx) => tx.select().from(scimTokens).where(eq(scimTokens.id, res.json.id)));
    expect(touched.lastUsedAt).not.toBeNull();
  });

  it('is 403 for roles without tenant.update, and writes nothing', async () => {
    const before = await counts(acme.id);
    for (const role of ['manager', 'qa', 'operator', 'viewer'] as const) {
      const res = await create(acme, { name: 'Entra' }, acme.users[role].cookie);
      expect(res.status, role).toBe(403);
      expect(res.json.code).toBe('forbidden');
      expect((await list(acme, acme.users[role].cookie)).status, role).toBe(403);
    }
    expect(await counts(acme.id)).toEqual(before);
  });

  it('is 404 in another tenant (not a member), and writes nothing there', async () => {
    const before = await counts(other.id);
    const res = await create(other, { name: 'Okta' }, acme.users.admin.cookie);
    expect(res.status).toBe(404);
    expect((await list(other, acme.users.admin.cookie)).status).toBe(404);
    expect(await counts(other.id)).toEqual(before);
  });

  it('is 400 naming the field for bad input, and writes nothing', async () => {
    const before = await counts(acme.id);
    const cases: Array<[unknown, string]> = [
      [{}, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 7 }, 'name'],
      [{ name: 'Okta', scopes: ['all'] }, 'scopes'],
    ];
    for (const [body, field] of cases) {
      const res = await create(acme, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(res.json.errors.map((e: { path: string }) => e.path).join(' ')).toContain(field);
    }
    expect(await counts(acme.id)).toEqual(before);
  });

  it('needs a recent second factor from an admin who has one (403 mfa_required), then works', async () => {
    const t = await createTenantWithMembers();
    await enrolTotpFor(t.users.admin);
    const db = await getDb();
    await db
      .update(sessions)
      .set({ mfaVerifiedAt: sql`now() - interval '1 hour'` })
      .where(eq(sessions.id, t.users.admin.sessionId));
    const before = await counts(t.id);
    const refused = await create(t, { name: 'Okta' });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('mfa_required');
    expect(await counts(t.id)).toEqual(before);
    await db
      .update(sessions)
      .set({ mfaVerifiedAt: sql`now()` })
      .where(eq(sessions.id, t.users.admin.sessionId));
    expect((await create(t, { name: 'Okta' })).status).toBe(201);
  });
});

describe('DELETE /api/v1/tenants/{tenant}/scim-tokens/{id}', () => {
  it('revokes: the next SCIM request with the token is 401; a second revoke changes nothing', async () => {
    const created = await create(acme, { name: 'Entra ID' });
    expect((await scim(acme.slug, created.json.token, 'GET', 'Users')).status).toBe(200);
    const res = await revoke(acme, created.json.id);
    expect(res.status).toBe(204);
    const refused = await scim(acme.slug, created.json.token, 'GET', 'Users');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/scim+json');
    expect(refused.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);

    const events = await auditOf(acme.id, 'scim_token.revoked', created.json.id);
    expect(events).toHaveLength(1);
    expect(events[0].after).toEqual({ revokedAt: expect.any(String) }); // the trail keeps changed fields only
    expect((await revoke(acme, created.json.id)).status).toBe(204);
    expect(await auditOf(acme.id, 'scim_token.revoked', created.json.id)).toHaveLength(1);
    const listed = await list(acme);
    expect(listed.json.data.find((t: { id: string }) => t.id === created.json.id)).toMatchObject({ status: 'revoked' });
  });

  it('is 403 without tenant.update, 404 for another tenant’s token or an unknown id, 400 for an id that is no UUID', async () => {
    const created = await create(acme, { name: 'Directory' });
    expect((await revoke(acme, created.json.id, acme.users.manager.cookie)).status).toBe(403);
    // The other tenant's admin, in their own tenant: the id names nothing there.
    expect((await revoke(other, created.json.id, other.users.admin.cookie)).status).toBe(404);
    // The other tenant's admin, in this tenant: not a member.
    expect((await revoke(acme, created.json.id, other.users.admin.cookie)).status).toBe(404);
    expect((await revoke(acme, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const bad = await revoke(acme, 'not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('params.id');
    expect((await scim(acme.slug, created.json.token, 'GET', 'Users')).status).toBe(200);
  });
});
