import { and, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as LIST, POST as CREATE } from '@/app/api/v1/tenants/[tenant]/systems/[slug]/clients/route';
import { DELETE, GET, PATCH } from '@/app/api/v1/tenants/[tenant]/systems/[slug]/clients/[clientId]/route';
import { POST as ROTATE } from '@/app/api/v1/tenants/[tenant]/systems/[slug]/clients/[clientId]/secret/route';
import { POST as CREATE_SYSTEM } from '@/app/api/v1/tenants/[tenant]/systems/route';
import { getDb } from '@/db/client';
import { auditEvents, sessions, systems, tenants } from '@/db/schema';
import { oidcClients } from '@/db/schema/oidc';
import { findClientForProvider } from '@/lib/oidc-clients/find-client-for-provider';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant, unique } from '../support/fixtures';
import { enrolTotpFor } from '../support/mfa';

// A system's OpenID clients through the route handlers (GET/POST …/systems/{slug}/clients, GET/PATCH/DELETE
// …/clients/{clientId}, POST …/clients/{clientId}/secret), and the lookup the OpenID Provider makes with
// findClientForProvider. Admin has systems.manage; manager and qa systems.read; operator and viewer neither.
let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

const base = (t: TestTenant, slug: string) => `http://localhost/api/v1/tenants/${t.slug}/systems/${slug}/clients`;
const as = (t: TestTenant, role: keyof TestTenant['users'] = 'admin') => t.users[role].cookie;

async function newSystem(t: TestTenant): Promise<string> {
  const slug = `lims-${unique()}`;
  const res = await call(CREATE_SYSTEM, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${t.slug}/systems`,
    params: { tenant: t.slug },
    cookie: as(t),
    body: { slug, name: 'LIMS', permissions: ['samples.read'] },
  });
  expect(res.status).toBe(201);
  return slug;
}

const create = (t: TestTenant, slug: string, body: unknown, cookie = as(t)) =>
  call(CREATE, { method: 'POST', url: base(t, slug), params: { tenant: t.slug, slug }, cookie, body });
const list = (t: TestTenant, slug: string, cookie = as(t)) => call(LIST, { url: base(t, slug), params: { tenant: t.slug, slug }, cookie });
const one = (t: TestTenant, slug: string, clientId: string, cookie = as(t)) =>
  call(GET, { url: `${base(t, slug)}/${clientId}`, params: { tenant: t.slug, slug, clientId }, cookie });
const patch = (t: TestTenant, slug: string, clientId: string, body: unknown, cookie = as(t)) =>
  call(PATCH, { method: 'PATCH', url: `${base(t, slug)}/${clientId}`, params: { tenant: t.slug, slug, clientId }, cookie, body });
const remove = (t: TestTenant, slug: string, clientId: string, cookie = as(t)) =>
  call(DELETE, { method: 'DELETE', url: `${base(t, slug)}/${clientId}`, params: { tenant: t.slug, slug, clientId }, cookie });
const rotate = (t: TestTenant, slug: string, clientId: string, cookie = as(t)) =>
  call(ROTATE, { method: 'POST', url: `${base(t, slug)}/${clientId}/secret`, params: { tenant: t.slug, slug, clientId }, cookie });

const confidential = { name: 'LIMS web', type: 'confidential', redirectUris: ['https://lims.example.com/callback'] };
const publicClient = { name: 'LIMS mobile', type: 'public', redirectUris: ['http://127.0.0.1:7777/callback'] };

async function counts(tenantId: string) {
  return withTenant(tenantId, async (tx) => ({
    clients: (await tx.select({ n: count() }).from(oidcClients))[0].n,
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

describe('creating and reading clients', () => {
  it('creates a confidential client with the default grants; its secret is in that answer only and the provider finds it', async () => {
    const slug = await newSystem(acme);
    const res = await create(acme, slug, { ...confidential, postLogoutRedirectUris: ['https://lims.example.com/'] });
    expect(res.status).toBe(201);
    expect(res.json.clientId).toMatch(/^cus_[A-Za-z0-9_-]{22}$/);
    expect(res.json.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.json).toMatchObject({
      name: 'LIMS web',
      type: 'confidential',
      redirectUris: ['https://lims.example.com/callback'],
      postLogoutRedirectUris: ['https://lims.example.com/'],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      firstParty: true,
    });
    expect(res.json.secretRotatedAt).not.toBeNull();
    const secret = res.json.clientSecret as string;

    // Never again: not in the list, not in the client, not in the trail, not stored in clear.
    const listed = await list(acme, slug, as(acme, 'manager'));
    expect(listed.status).toBe(200);
    expect(listed.json.data).toHaveLength(1);
    expect(listed.json.data[0]).not.toHaveProperty('clientSecret');
    expect(JSON.stringify(listed.json)).not.toContain(secret);
    const read = await one(acme, slug, res.json.clientId, as(acme, 'qa'));
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: res.json.id, clientId: res.json.clientId, name: 'LIMS web' });
    expect(JSON.stringify(read.json)).not.toContain(secret);
    const [row] = await withTenant(acme.id, (tx) => tx.select().from(oidcClients).where(eq(oidcClients.id, res.json.id)));
    expect(row.secretSealed).toBeTruthy();
    expect(row.secretSealed).not.toContain(secret);
    expect(row.createdBy).toBe(acme.users.admin.id);
    const [event] = await auditOf(acme.id, 'oidc_client.created', res.json.id);
    expect(event.targetType).toBe('oidc_client');
    expect(event.after).toMatchObject({ name: 'LIMS web', clientId: res.json.clientId, system: slug });
    expect(JSON.stringify(event)).not.toContain(secret);

    const found = await findClientForProvider(res.json.clientId);
    expect(found).toMatchObject({
      id: res.json.id,
      clientId: res.json.clientId,
      type: 'confidential',
      tenantId: acme.id,
      tenantSlug: acme.slug,
      systemSlug: slug,
      systemName: 'LIMS',
      redirectUris: ['https://lims.example.com/callback'],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      firstParty: true,
      secret,
    });
  });

  it('creates a public client without a secret and without client credentials', async () => {
    const slug = await newSystem(acme);
    const res = await create(acme, slug, { ...publicClient, firstParty: false });
    expect(res.status).toBe(201);
    expect(res.json.clientSecret).toBeNull();
    expect(res.json).toMatchObject({
      type: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      firstParty: false,
      secretRotatedAt: null,
    });
    const found = await findClientForProvider(res.json.clientId);
    expect(found).toMatchObject({ type: 'public', secret: null, firstParty: false });
  });

  it('allows creating a client of an inactive system, which the provider does not find until the system is active', async () => {
    const slug = await newSystem(acme);
    const db = await getDb();
    await db
      .update(systems)
      .set({ active: false })
      .where(and(eq(systems.tenantId, acme.id), eq(systems.slug, slug)));
    const res = await create(acme, slug, confidential);
    expect(res.status).toBe(201);
    expect(await findClientForProvider(res.json.clientId)).toBeNull();
    await db
      .update(systems)
      .set({ active: true })
      .where(and(eq(systems.tenantId, acme.id), eq(systems.slug, slug)));
    expect(await findClientForProvider(res.json.clientId)).toMatchObject({ clientId: res.json.clientId });
  });

  it('is 403 without the permission, and writes nothing', async () => {
    const slug = await newSystem(acme);
    const before = await counts(acme.id);
    for (const role of ['manager', 'qa', 'operator', 'viewer'] as const) {
      expect((await create(acme, slug, confidential, as(acme, role))).status).toBe(403);
    }
    for (const role of ['operator', 'viewer'] as const) expect((await list(acme, slug, as(acme, role))).status).toBe(403);
    expect(await counts(acme.id)).toEqual(before);
  });

  it("is 404 for another tenant's system and client, and writes nothing", async () => {
    const slug = await newSystem(acme);
    const created = await create(acme, slug, confidential);
    const second = await newSystem(acme);
    const before = await counts(acme.id);
    // other's admin, naming acme's system and client under other's tenant.
    expect((await create(other, slug, confidential)).status).toBe(404);
    expect((await list(other, slug)).status).toBe(404);
    expect((await one(other, slug, created.json.clientId)).status).toBe(404);
    expect((await patch(other, slug, created.json.clientId, { name: 'Taken' })).status).toBe(404);
    expect((await rotate(other, slug, created.json.clientId)).status).toBe(404);
    expect((await remove(other, slug, created.json.clientId)).status).toBe(404);
    // A client of another system of the same tenant is not found under this one either.
    expect((await one(acme, second, created.json.clientId)).status).toBe(404);
    expect(await counts(acme.id)).toEqual(before);
    expect((await one(acme, slug, created.json.clientId)).json.name).toBe('LIMS web');
  });
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['no name', { ...confidential, name: ' ' }, 'name'],
    ['an unknown type', { ...confidential, type: 'secret' }, 'type'],
    ['a relative redirect URI', { ...confidential, redirectUris: ['/callback'] }, 'redirectUris.0'],
    ['an http redirect URI on a public host', { ...confidential, redirectUris: ['http://lims.example.com/cb'] }, 'redirectUris.0'],
    ['a redirect URI with a fragment', { ...confidential, redirectUris: ['https://lims.example.com/cb#x'] }, 'redirectUris.0'],
    ['a javascript: redirect URI', { ...confidential, redirectUris: ['javascript:alert(1)'] }, 'redirectUris.0'],
    [
      '21 redirect URIs',
      { ...confidential, redirectUris: Array.from({ length: 21 }, (_, i) => `https://lims.example.com/${i}`) },
      'redirectUris',
    ],
    ['a bad sign-out URI', { ...confidential, postLogoutRedirectUris: ['ftp://lims.example.com/'] }, 'postLogoutRedirectUris.0'],
    ['sign-in without a redirect URI', { ...confidential, redirectUris: [] }, 'redirectUris'],
    ['client credentials for a public client', { ...publicClient, grantTypes: ['authorization_code', 'client_credentials'] }, 'grantTypes'],
    ['an unknown grant', { ...confidential, grantTypes: ['password'] }, 'grantTypes.0'],
    ['refresh tokens without sign-in', { ...confidential, grantTypes: ['refresh_token'] }, 'grantTypes'],
    ['no grant at all', { ...confidential, grantTypes: [] }, 'grantTypes'],
    ['an unknown field', { ...confidential, clientSecret: 'mine' }, 'clientSecret'],
    ['first party not a boolean', { ...confidential, firstParty: 'yes' }, 'firstParty'],
  ];

  it.each(cases)('POST with %s is 400 naming the field, and writes nothing', async (_what, body, field) => {
    const slug = await newSystem(acme);
    const before = await counts(acme.id);
    const res = await create(acme, slug, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.code).toBe('validation_failed');
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await counts(acme.id)).toEqual(before);
  });

  it('a client-credentials-only confidential client needs no redirect URI; loopback http is allowed', async () => {
    const slug = await newSystem(acme);
    const machine = await create(acme, slug, {
      name: 'Nightly sync',
      type: 'confidential',
      redirectUris: [],
      grantTypes: ['client_credentials'],
    });
    expect(machine.status).toBe(201);
    const native = await create(acme, slug, { ...publicClient, redirectUris: ['http://localhost:3000/cb', 'http://127.0.0.1/cb'] });
    expect(native.status).toBe(201);
  });

  it('PATCH checks the client as it would be: no client credentials for a public client, no sign-in without a redirect URI; type cannot change', async () => {
    const slug = await newSystem(acme);
    const pub = await create(acme, slug, publicClient);
    const before = await counts(acme.id);
    const grant = await patch(acme, slug, pub.json.clientId, { grantTypes: ['client_credentials'] });
    expect(grant.status).toBe(400);
    expect(grant.json.errors.map((e: { path: string }) => e.path)).toContain('grantTypes');
    const empty = await patch(acme, slug, pub.json.clientId, { redirectUris: [] });
    expect(empty.status).toBe(400);
    expect(empty.json.errors.map((e: { path: string }) => e.path)).toContain('redirectUris');
    const type = await patch(acme, slug, pub.json.clientId, { type: 'confidential' });
    expect(type.status).toBe(400);
    expect(type.json.errors.map((e: { path: string }) => e.path)).toContain('type');
    expect(await counts(acme.id)).toEqual(before);
  });
});

describe('changing, rotating and deleting', () => {
  it('PATCH changes the settings the provider sees, audited with before and after', async () => {
    const slug = await newSystem(acme);
    const created = await create(acme, slug, confidential);
    const res = await patch(acme, slug, created.json.clientId, {
      name: 'LIMS web (EU)',
      redirectUris: ['https://eu.lims.example.com/callback', 'https://eu.lims.example.com/callback'],
      grantTypes: ['authorization_code'],
      firstParty: false,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: 'LIMS web (EU)',
      redirectUris: ['https://eu.lims.example.com/callback'],
      grantTypes: ['authorization_code'],
      firstParty: false,
    });
    expect(res.json).not.toHaveProperty('clientSecret');
    const found = await findClientForProvider(created.json.clientId);
    expect(found).toMatchObject({ name: 'LIMS web (EU)', redirectUris: ['https://eu.lims.example.com/callback'], firstParty: false });
    expect(found?.secret).toBe(created.json.clientSecret);
    const [event] = await auditOf(acme.id, 'oidc_client.updated', created.json.id);
    expect(event.before).toMatchObject({ name: 'LIMS web', firstParty: true });
    expect(event.after).toMatchObject({ name: 'LIMS web (EU)', firstParty: false });
    expect((await patch(acme, slug, created.json.clientId, { name: 'x' }, as(acme, 'manager'))).status).toBe(403);
  });

  it('rotating answers a new secret once; the provider then has only the new one', async () => {
    const slug = await newSystem(acme);
    const created = await create(acme, slug, confidential);
    const res = await rotate(acme, slug, created.json.clientId);
    expect(res.status).toBe(200);
    expect(res.json.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.json.clientSecret).not.toBe(created.json.clientSecret);
    expect(new Date(res.json.secretRotatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.json.secretRotatedAt).getTime());
    expect((await findClientForProvider(created.json.clientId))?.secret).toBe(res.json.clientSecret);
    const [event] = await auditOf(acme.id, 'oidc_client.secret_rotated', created.json.id);
    expect(event.actorId).toBe(acme.users.admin.id);
    expect(JSON.stringify(event)).not.toContain(res.json.clientSecret);
    expect(JSON.stringify(event)).not.toContain(created.json.clientSecret);
    expect(JSON.stringify((await list(acme, slug)).json)).not.toContain(res.json.clientSecret);
    expect((await rotate(acme, slug, created.json.clientId, as(acme, 'qa'))).status).toBe(403);
  });

  it('a public client has no secret to rotate (409)', async () => {
    const slug = await newSystem(acme);
    const pub = await create(acme, slug, publicClient);
    const res = await rotate(acme, slug, pub.json.clientId);
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('conflict');
    expect((await findClientForProvider(pub.json.clientId))?.secret).toBeNull();
  });

  it('deleting removes the client: the provider no longer finds it, and it is audited', async () => {
    const slug = await newSystem(acme);
    const created = await create(acme, slug, confidential);
    expect((await remove(acme, slug, created.json.clientId, as(acme, 'manager'))).status).toBe(403);
    const res = await remove(acme, slug, created.json.clientId);
    expect(res.status).toBe(204);
    expect(await findClientForProvider(created.json.clientId)).toBeNull();
    expect((await one(acme, slug, created.json.clientId)).status).toBe(404);
    expect((await remove(acme, slug, created.json.clientId)).status).toBe(404);
    const [event] = await auditOf(acme.id, 'oidc_client.deleted', created.json.id);
    expect(event.before).toMatchObject({ name: 'LIMS web', clientId: created.json.clientId });
  });
});

describe('findClientForProvider', () => {
  it('is null for an unknown or malformed client id', async () => {
    expect(await findClientForProvider(`cus_${'A'.repeat(22)}`)).toBeNull();
    expect(await findClientForProvider("cus_' or 1=1 --")).toBeNull();
    expect(await findClientForProvider('')).toBeNull();
  });

  it('is null while the tenant is suspended', async () => {
    const t = await createTenantWithMembers();
    const slug = await newSystem(t);
    const created = await create(t, slug, confidential);
    expect(await findClientForProvider(created.json.clientId)).not.toBeNull();
    const db = await getDb();
    await db.update(tenants).set({ status: 'suspended' }).where(eq(tenants.id, t.id));
    expect(await findClientForProvider(created.json.clientId)).toBeNull();
    await db.update(tenants).set({ status: 'active' }).where(eq(tenants.id, t.id));
    expect(await findClientForProvider(created.json.clientId)).not.toBeNull();
  });

  it('is null when the sealed secret does not open (sealed for another client row, as after a changed AUTH_SECRET)', async () => {
    const slug = await newSystem(acme);
    const first = await create(acme, slug, confidential);
    const second = await create(acme, slug, { ...confidential, name: 'LIMS batch' });
    const db = await getDb();
    const [row] = await db.select({ sealed: oidcClients.secretSealed }).from(oidcClients).where(eq(oidcClients.id, first.json.id));
    await db.update(oidcClients).set({ secretSealed: row.sealed }).where(eq(oidcClients.id, second.json.id));
    expect(await findClientForProvider(second.json.clientId)).toBeNull();
    expect((await findClientForProvider(first.json.clientId))?.secret).toBe(first.json.clientSecret);
    // Rotating gives it a secret that opens again.
    const rotated = await rotate(acme, slug, second.json.clientId);
    expect((await findClientForProvider(second.json.clientId))?.secret).toBe(rotated.json.clientSecret);
  });
});

describe('step-up before a client secret is handed out', () => {
  it('needs a recent second factor from an admin who has one to register a client or rotate its secret (403 mfa_required, nothing written), then works', async () => {
    const t = await createTenantWithMembers();
    const slug = await newSystem(t);
    const made = await create(t, slug, confidential);
    expect(made.status).toBe(201);
    await enrolTotpFor(t.users.admin);
    const db = await getDb();
    const stale = () =>
      db
        .update(sessions)
        .set({ mfaVerifiedAt: sql`now() - interval '1 hour'` })
        .where(eq(sessions.id, t.users.admin.sessionId));
    await stale();
    const clientsBefore = await db.select({ n: count() }).from(oidcClients).where(eq(oidcClients.tenantId, t.id));

    const refused = await create(t, slug, confidential);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('mfa_required');
    const rotateRefused = await rotate(t, slug, made.json.clientId);
    expect(rotateRefused.status).toBe(403);
    expect(rotateRefused.json.code).toBe('mfa_required');
    expect(await db.select({ n: count() }).from(oidcClients).where(eq(oidcClients.tenantId, t.id))).toEqual(clientsBefore);
    expect((await findClientForProvider(made.json.clientId))?.secret).toBe(made.json.clientSecret);

    await db
      .update(sessions)
      .set({ mfaVerifiedAt: sql`now()` })
      .where(eq(sessions.id, t.users.admin.sessionId));
    expect((await create(t, slug, confidential)).status).toBe(201);
    expect((await rotate(t, slug, made.json.clientId)).status).toBe(200);
  });
});
