import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as platformVerify } from '@/app/api/v1/admin/tenants/[tenant]/domains/[id]/verify/route';
import { POST as addDomain } from '@/app/api/v1/tenants/[tenant]/domains/route';
import { DELETE as deleteConnection, PATCH as patchConnection } from '@/app/api/v1/tenants/[tenant]/sso-connections/[id]/route';
import { GET as getTenant, PATCH as patchTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { apiKeys, auditEvents, sessions, ssoConnections } from '@/db/schema';
import { generateApiKey } from '@/lib/access/api-key-format';
import { signAccessToken } from '@/lib/auth/access-token';
import { insertUser } from '@/lib/auth/create-user';
import { createSession, encodeSessionToken, SESSION_COOKIE } from '@/lib/auth/session';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, unique, type TestTenant, type TestUser } from '../support/fixtures';

type Method = 'password' | 'passkey' | 'oauth' | 'sso';

let acme: TestTenant;
let other: TestTenant;
let root: TestUser;
let domain: string;
let acmeConnection: string;
let otherConnection: string;
let dana: { id: string; email: string; name: string };
let danaAdmin: { id: string; email: string; name: string };

/** A session of `userId` signed in by `method` (through `connectionId` for sso), as the cookie a browser sends. */
async function sessionCookie(userId: string, method: Method, connectionId: string | null = null) {
  const db = await getDb();
  const session = await createSession(db, userId, {
    ip: '127.0.0.1',
    userAgent: 'vitest',
    authMethod: method,
    ssoConnectionId: connectionId,
  });
  return { sessionId: session.id, cookie: `${SESSION_COOKIE}=${await encodeSessionToken({ id: session.id, userId })}` };
}

async function bearer(userId: string, method: Method = 'password') {
  const db = await getDb();
  const session = await createSession(db, userId, { kind: 'token', authMethod: method });
  return `Bearer ${await signAccessToken({ userId, sessionId: session.id })}`;
}

async function connectionOf(t: TestTenant): Promise<string> {
  const [row] = await withTenant(t.id, (tx) =>
    tx
      .insert(ssoConnections)
      .values({
        tenantId: t.id,
        type: 'oidc',
        name: `IdP ${unique()}`,
        config: { issuer: 'https://idp.example', clientId: 'custos' },
      })
      .returning({ id: ssoConnections.id }),
  );
  return row.id;
}

const read = (t: TestTenant, auth: { cookie?: string; authorization?: string }) =>
  call(getTenant, {
    url: `http://localhost/api/v1/tenants/${t.slug}`,
    params: { tenant: t.slug },
    cookie: auth.cookie,
    headers: auth.authorization ? { authorization: auth.authorization } : {},
  });

const breakGlassEvents = (t: TestTenant, sessionId: string) =>
  withTenant(t.id, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'sso.break_glass'), eq(auditEvents.targetId, sessionId))),
  );

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  root = await createUserWithSession('root', { platformAdmin: true });
  domain = `corp-${unique()}.example`;
  const db = await getDb();
  dana = await insertUser(db, { email: `dana-${unique()}@${domain}`, name: 'Dana', verified: true });
  danaAdmin = await insertUser(db, {
    email: `ops-${unique()}@${domain.toUpperCase()}`,
    name: 'Ops',
    verified: true,
    isPlatformAdmin: true,
  });
  await db.transaction(async (tx) => {
    for (const t of [acme, other]) {
      await addMember(tx, { tenantId: t.id, userId: dana.id, roleIds: [t.roleIds.admin] });
      await addMember(tx, { tenantId: t.id, userId: danaAdmin.id, roleIds: [t.roleIds.admin] });
    }
  });
  acmeConnection = await connectionOf(acme);
  otherConnection = await connectionOf(other);
  const added = await call(addDomain, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${acme.slug}/domains`,
    params: { tenant: acme.slug },
    cookie: acme.users.admin.cookie,
    body: { domain },
  });
  expect(added.status).toBe(201);
  const verified = await call(platformVerify, {
    method: 'POST',
    url: `http://localhost/api/v1/admin/tenants/${acme.slug}/domains/${added.json.id}/verify`,
    params: { tenant: acme.slug, id: added.json.id },
    cookie: root.cookie,
  });
  expect(verified.status).toBe(200);
});

async function requireSso(t: TestTenant, on: boolean) {
  const res = await call(patchTenant, {
    method: 'PATCH',
    url: `http://localhost/api/v1/tenants/${t.slug}`,
    params: { tenant: t.slug },
    cookie: t.users.admin.cookie,
    body: { settings: { ssoRequired: on } },
  });
  expect(res.status).toBe(200);
}

describe('sessions record how they were signed in', () => {
  it('defaults to password and keeps the method and connection given', async () => {
    const db = await getDb();
    const plain = await createSession(db, dana.id, {});
    const sso = await createSession(db, dana.id, { authMethod: 'sso', ssoConnectionId: acmeConnection });
    const rows = await db.select().from(sessions).where(eq(sessions.userId, dana.id));
    expect(rows.find((r) => r.id === plain.id)).toMatchObject({ authMethod: 'password', ssoConnectionId: null });
    expect(rows.find((r) => r.id === sso.id)).toMatchObject({ authMethod: 'sso', ssoConnectionId: acmeConnection });
  });
});

describe('a tenant that requires SSO', () => {
  it('lets a password session in before the switch is on', async () => {
    expect((await read(acme, await sessionCookie(dana.id, 'password'))).status).toBe(200);
  });

  it('refuses password, passkey and OAuth sessions and bearer tokens of people on its verified domain (403 sso_required)', async () => {
    await requireSso(acme, true);
    for (const method of ['password', 'passkey', 'oauth'] as const) {
      const res = await read(acme, await sessionCookie(dana.id, method));
      expect(res.status, method).toBe(403);
      expect(res.json.code).toBe('sso_required');
      expect(res.json.detail).toContain('company account');
    }
    const token = await read(acme, { authorization: await bearer(dana.id) });
    expect(token.status).toBe(403);
    expect(token.json.code).toBe('sso_required');
  });

  it("refuses an SSO session that came through another tenant's connection", async () => {
    await requireSso(acme, true);
    const res = await read(acme, await sessionCookie(dana.id, 'sso', otherConnection));
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('sso_required');
  });

  it('lets in an SSO session through its own connection, people on other domains, and API keys', async () => {
    await requireSso(acme, true);
    expect((await read(acme, await sessionCookie(dana.id, 'sso', acmeConnection))).status).toBe(200);
    // acme's own members are on test.custos, not the verified domain: their passwords still work.
    expect((await read(acme, { cookie: acme.users.admin.cookie })).status).toBe(200);
    const key = generateApiKey();
    await withTenant(acme.id, (tx) =>
      tx
        .insert(apiKeys)
        .values({ tenantId: acme.id, name: 'ci', prefix: key.prefix, keyHash: key.hash, createdBy: dana.id, permissions: ['tenant.read'] }),
    );
    expect((await read(acme, { authorization: `Bearer ${key.key}` })).status).toBe(200);
  });

  it('does not touch another tenant: the same password session and token work there', async () => {
    await requireSso(acme, true);
    const session = await sessionCookie(dana.id, 'password');
    expect((await read(acme, session)).status).toBe(403);
    expect((await read(other, session)).status).toBe(200);
    expect((await read(other, { authorization: await bearer(dana.id) })).status).toBe(200);
  });

  it('lets a platform admin in on break-glass with a password session, audited once per session', async () => {
    await requireSso(acme, true);
    const session = await sessionCookie(danaAdmin.id, 'password');
    expect((await read(acme, session)).status).toBe(200);
    expect((await read(acme, session)).status).toBe(200);
    const events = await breakGlassEvents(acme, session.sessionId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: danaAdmin.id,
      targetType: 'session',
      after: { userId: danaAdmin.id, authMethod: 'password' },
      reason: expect.stringContaining('platform administrator'),
    });
    const second = await sessionCookie(danaAdmin.id, 'password');
    expect((await read(acme, second)).status).toBe(200);
    expect(await breakGlassEvents(acme, second.sessionId)).toHaveLength(1);
    // An SSO session of the tenant's own connection is no break-glass.
    const sso = await sessionCookie(danaAdmin.id, 'sso', acmeConnection);
    expect((await read(acme, sso)).status).toBe(200);
    expect(await breakGlassEvents(acme, sso.sessionId)).toHaveLength(0);
  });

  it('lets the password back in once the switch is off', async () => {
    await requireSso(acme, true);
    const session = await sessionCookie(dana.id, 'password');
    expect((await read(acme, session)).status).toBe(403);
    await requireSso(acme, false);
    expect((await read(acme, session)).status).toBe(200);
  });

  it("refuses to turn off or remove the tenant's last enabled connection while SSO is required, and allows it with another", async () => {
    const t = await createTenantWithMembers();
    const first = await connectionOf(t);
    const added = await call(addDomain, {
      method: 'POST',
      url: `http://localhost/api/v1/tenants/${t.slug}/domains`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: { domain: `last-${unique()}.example` },
    });
    expect(added.status).toBe(201);
    const verified = await call(platformVerify, {
      method: 'POST',
      url: `http://localhost/api/v1/admin/tenants/${t.slug}/domains/${added.json.id}/verify`,
      params: { tenant: t.slug, id: added.json.id },
      cookie: root.cookie,
    });
    expect(verified.status).toBe(200);
    await requireSso(t, true);
    const url = (id: string) => `http://localhost/api/v1/tenants/${t.slug}/sso-connections/${id}`;
    const off = (id: string) =>
      call(patchConnection, {
        method: 'PATCH',
        url: url(id),
        params: { tenant: t.slug, id },
        cookie: t.users.admin.cookie,
        body: { enabled: false },
      });
    const remove = (id: string) =>
      call(deleteConnection, { method: 'DELETE', url: url(id), params: { tenant: t.slug, id }, cookie: t.users.admin.cookie });

    const refusedOff = await off(first);
    expect(refusedOff.status).toBe(409);
    expect(refusedOff.json.detail).toContain('last enabled connection');
    expect((await remove(first)).status).toBe(409);
    const [still] = await withTenant(t.id, (tx) => tx.select().from(ssoConnections).where(eq(ssoConnections.id, first)));
    expect(still.enabled).toBe(true);

    // With a second enabled connection the first may go; the second is then the last again.
    const second = await connectionOf(t);
    expect((await off(first)).status).toBe(200);
    expect((await remove(second)).status).toBe(409);
    // With SSO required off, nothing holds the last one.
    await requireSso(t, false);
    expect((await remove(second)).status).toBe(204);
  });
});
