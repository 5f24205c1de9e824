import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as platformVerify } from '@/app/api/v1/admin/tenants/[tenant]/domains/[id]/verify/route';
import { POST as discovery } from '@/app/api/v1/auth/sso-discovery/route';
import { DELETE as deleteDomain } from '@/app/api/v1/tenants/[tenant]/domains/[id]/route';
import { POST as verify } from '@/app/api/v1/tenants/[tenant]/domains/[id]/verify/route';
import { GET as listDomains, POST as addDomain } from '@/app/api/v1/tenants/[tenant]/domains/route';
import { PATCH as patchTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { auditEvents, ssoConnections, tenantDomains, tenants } from '@/db/schema';
import { setTxtResolverForTests } from '@/lib/sso/domains/dns';
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

afterEach(() => setTxtResolverForTests(null));

const base = (slug: string) => `http://localhost/api/v1/tenants/${slug}/domains`;
const domainName = () => `d-${unique()}.example`;
const add = (t: TestTenant, body: unknown, cookie = t.users.admin.cookie, headers: Record<string, string> = {}) =>
  call(addDomain, { method: 'POST', url: base(t.slug), params: { tenant: t.slug }, cookie, body, headers });
const list = (t: TestTenant, cookie = t.users.admin.cookie, slug = t.slug) =>
  call(listDomains, { url: base(slug), params: { tenant: slug }, cookie });
const verifyDns = (t: TestTenant, id: string, cookie = t.users.admin.cookie, slug = t.slug) =>
  call(verify, { method: 'POST', url: `${base(slug)}/${id}/verify`, params: { tenant: slug, id }, cookie });
const remove = (t: TestTenant, id: string, cookie = t.users.admin.cookie, slug = t.slug) =>
  call(deleteDomain, { method: 'DELETE', url: `${base(slug)}/${id}`, params: { tenant: slug, id }, cookie });
const adminVerify = (slug: string, id: string, cookie = root.cookie, headers: Record<string, string> = {}) =>
  call(platformVerify, {
    method: 'POST',
    url: `http://localhost/api/v1/admin/tenants/${slug}/domains/${id}/verify`,
    params: { tenant: slug, id },
    cookie,
    headers,
  });
const discover = (email: unknown) =>
  call(discovery, { method: 'POST', url: 'http://localhost/api/v1/auth/sso-discovery', body: { email } });

const domainRows = (tenantId: string) =>
  withTenant(tenantId, (tx) => tx.select().from(tenantDomains).where(eq(tenantDomains.tenantId, tenantId)));
const auditOf = (tenantId: string | null, requestId: string) =>
  tenantId
    ? withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)))
    : getDb().then((db) =>
        db
          .select()
          .from(auditEvents)
          .where(and(isNull(auditEvents.tenantId), eq(auditEvents.requestId, requestId))),
      );

/** A resolver answering `records` for the name of the record shown, and NXDOMAIN for anything else. */
function publish(name: string, records: string[][]) {
  const asked: string[] = [];
  setTxtResolverForTests(async (query) => {
    asked.push(query);
    if (query === name) return records;
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${query}`), { code: 'ENOTFOUND' });
  });
  return asked;
}

async function addedDomain(t: TestTenant, domain = domainName()) {
  const res = await add(t, { domain });
  expect(res.status).toBe(201);
  return res.json as { id: string; domain: string; verificationRecord: { name: string; value: string } };
}

async function enabledConnection(t: TestTenant, enabled = true): Promise<string> {
  const [row] = await withTenant(t.id, (tx) =>
    tx
      .insert(ssoConnections)
      .values({
        tenantId: t.id,
        type: 'saml',
        name: `IdP ${unique()}`,
        enabled,
        config: { idpEntityId: 'https://idp.example/entity', idpSsoUrl: 'https://idp.example/sso', idpCertificates: ['MIIB'] },
      })
      .returning({ id: ssoConnections.id }),
  );
  return row.id;
}

describe('POST /domains', () => {
  it('lets an admin claim a domain (201, lowercased), unverified with the TXT record to publish, audited', async () => {
    const requestId = `domain-add-${unique()}`;
    const name = domainName();
    const res = await add(acme, { domain: ` ${name.toUpperCase()}. ` }, acme.users.admin.cookie, { 'x-request-id': requestId });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      domain: name,
      verified: false,
      verifiedAt: null,
      verifiedMethod: null,
      verificationRecord: {
        type: 'TXT',
        name: `_custos-challenge.${name}`,
        value: expect.stringMatching(/^custos-domain-verification=[\w-]{20,}$/),
      },
    });
    const [event] = await auditOf(acme.id, requestId);
    expect(event).toMatchObject({ action: 'domain.added', targetType: 'domain', targetId: res.json.id, after: { domain: name } });
    expect(JSON.stringify(event)).not.toContain(res.json.verificationRecord.value.split('=')[1]);
    const listed = await list(acme);
    expect(listed.status).toBe(200);
    expect(listed.json.data.map((d: { id: string }) => d.id)).toContain(res.json.id);
  });

  it('refuses a role without tenant.update (403) and bad names (400 naming domain), writing nothing', async () => {
    const before = (await domainRows(acme.id)).length;
    expect((await add(acme, { domain: domainName() }, acme.users.manager.cookie)).status).toBe(403);
    expect((await list(acme, acme.users.viewer.cookie)).status).toBe(403);
    for (const domain of [
      '',
      'localhost',
      'no spaces.example',
      '-bad.example',
      'a@b.example',
      '10.0.0.1',
      'x'.repeat(250) + '.example',
      'GMAIL.com',
      'outlook.com',
      7,
    ]) {
      const res = await add(acme, { domain });
      expect(res.status, String(domain)).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['domain']);
    }
    expect((await add(acme, { domain: 'gmail.com' })).json.errors[0].message).toContain('public mail service');
    expect((await add(acme, { domain: domainName(), extra: 1 })).status).toBe(400);
    expect((await domainRows(acme.id)).length).toBe(before);
  });

  it('refuses the same domain twice in a tenant (409); another tenant may claim it unverified', async () => {
    const domain = domainName();
    await addedDomain(acme, domain);
    expect((await add(acme, { domain })).status).toBe(409);
    expect((await add(other, { domain })).status).toBe(201);
  });

  it("answers 404 for another tenant's slug to a non-member", async () => {
    expect((await add(other, { domain: domainName() }, acme.users.admin.cookie)).status).toBe(404);
    expect((await list(other, acme.users.admin.cookie)).status).toBe(404);
  });
});

describe('POST /domains/{id}/verify (DNS)', () => {
  it('verifies when the TXT record holds the token, audited; a second call changes nothing', async () => {
    const d = await addedDomain(acme);
    const asked = publish(d.verificationRecord.name, [
      ['v=spf1 -all'],
      [d.verificationRecord.value.slice(0, 20), d.verificationRecord.value.slice(20)],
    ]);
    const res = await call(verify, {
      method: 'POST',
      url: `${base(acme.slug)}/${d.id}/verify`,
      params: { tenant: acme.slug, id: d.id },
      cookie: acme.users.admin.cookie,
      headers: { 'x-request-id': `verify-${d.id}` },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: d.id, verified: true, verifiedMethod: 'dns', verifiedAt: expect.any(String) });
    expect(asked).toEqual([`_custos-challenge.${d.domain}`]);
    const [event] = await auditOf(acme.id, `verify-${d.id}`);
    expect(event).toMatchObject({ action: 'domain.verified', targetId: d.id, after: { verified: true, method: 'dns' } });
    const again = await verifyDns(acme, d.id);
    expect(again.status).toBe(200);
    expect(again.json.verifiedAt).toBe(res.json.verifiedAt);
  });

  it('refuses a wrong value, no record, and a failed lookup with a clear 409, leaving the domain unverified', async () => {
    const d = await addedDomain(acme);
    publish(d.verificationRecord.name, [['custos-domain-verification=someone-elses-token']]);
    const wrong = await verifyDns(acme, d.id);
    expect(wrong.status).toBe(409);
    expect(wrong.json.detail).toContain('does not hold the expected value');
    expect(wrong.json.detail).toContain(d.verificationRecord.value);

    publish('elsewhere.example', []);
    const none = await verifyDns(acme, d.id);
    expect(none.status).toBe(409);
    expect(none.json.detail).toContain(`No TXT record was found at _custos-challenge.${d.domain}`);

    publish(d.verificationRecord.name, []);
    expect((await verifyDns(acme, d.id)).json.detail).toContain('No TXT record was found');

    setTxtResolverForTests(async () => {
      throw Object.assign(new Error('queryTxt ESERVFAIL'), { code: 'ESERVFAIL' });
    });
    const failed = await verifyDns(acme, d.id);
    expect(failed.status).toBe(409);
    expect(failed.json.detail).toContain('DNS lookup');
    expect(failed.json.detail).toContain('ESERVFAIL');

    const [row] = (await domainRows(acme.id)).filter((r) => r.id === d.id);
    expect(row.verifiedAt).toBeNull();
  });

  it('refuses roles without tenant.update (403), another tenant (404) and a bad id (400)', async () => {
    const d = await addedDomain(acme);
    publish(d.verificationRecord.name, [[d.verificationRecord.value]]);
    expect((await verifyDns(acme, d.id, acme.users.manager.cookie)).status).toBe(403);
    // Other's admin naming acme's domain id in their own tenant: no such domain there.
    expect((await verifyDns(other, d.id, other.users.admin.cookie)).status).toBe(404);
    expect((await verifyDns(acme, d.id, other.users.admin.cookie)).status).toBe(404);
    const bad = await verifyDns(acme, 'not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['params.id']);
    expect((await domainRows(acme.id)).find((r) => r.id === d.id)?.verifiedAt).toBeNull();
  });

  it('refuses a domain another tenant has verified (409 naming the reason), nothing changed', async () => {
    const domain = domainName();
    const mine = await addedDomain(acme, domain);
    const theirs = await addedDomain(other, domain);
    publish(mine.verificationRecord.name, [[mine.verificationRecord.value], [theirs.verificationRecord.value]]);
    expect((await verifyDns(acme, mine.id)).status).toBe(200);
    const res = await verifyDns(other, theirs.id, other.users.admin.cookie);
    expect(res.status).toBe(409);
    expect(res.json.detail).toContain('verified by another tenant');
    expect((await domainRows(other.id)).find((r) => r.id === theirs.id)?.verifiedAt).toBeNull();
  });
});

describe('POST /admin/tenants/{tenant}/domains/{id}/verify', () => {
  it('lets a platform admin verify without DNS, audited on the platform trail and the tenant’s', async () => {
    const d = await addedDomain(acme);
    setTxtResolverForTests(async () => {
      throw new Error('no DNS here');
    });
    const requestId = `platform-verify-${unique()}`;
    const res = await adminVerify(acme.slug, d.id, root.cookie, { 'x-request-id': requestId });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: d.id, verified: true, verifiedMethod: 'platform' });
    const [platformEvent] = await auditOf(null, requestId);
    expect(platformEvent).toMatchObject({ action: 'domain.verified', targetId: d.id, actorId: root.id, after: { method: 'platform' } });
    const [tenantEvent] = await auditOf(acme.id, requestId);
    expect(tenantEvent).toMatchObject({ action: 'domain.verified', targetId: d.id, actorId: root.id });
    const [row] = (await domainRows(acme.id)).filter((r) => r.id === d.id);
    expect(row).toMatchObject({ verifiedMethod: 'platform', verifiedBy: root.id });
  });

  it('refuses a tenant admin (403), another tenant’s domain id (404), a bad id (400) and a domain verified elsewhere (409)', async () => {
    const domain = domainName();
    const d = await addedDomain(acme, domain);
    expect((await adminVerify(acme.slug, d.id, acme.users.admin.cookie)).status).toBe(403);
    expect((await adminVerify(other.slug, d.id)).status).toBe(404);
    expect((await adminVerify(`missing-${unique()}`, d.id)).status).toBe(404);
    const bad = await adminVerify(acme.slug, 'nope');
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['params.id']);
    expect((await domainRows(acme.id)).find((r) => r.id === d.id)?.verifiedAt).toBeNull();
    const theirs = await addedDomain(other, domain);
    expect((await adminVerify(other.slug, theirs.id)).status).toBe(200);
    const clash = await adminVerify(acme.slug, d.id);
    expect(clash.status).toBe(409);
    expect(clash.json.detail).toContain('verified by another tenant');
  });
});

describe('DELETE /domains/{id}', () => {
  it('removes a domain (204), audited; roles without tenant.update 403, another tenant 404, bad id 400', async () => {
    const d = await addedDomain(acme);
    expect((await remove(acme, d.id, acme.users.manager.cookie)).status).toBe(403);
    expect((await remove(other, d.id, other.users.admin.cookie)).status).toBe(404);
    expect((await remove(acme, 'x')).status).toBe(400);
    expect((await domainRows(acme.id)).some((r) => r.id === d.id)).toBe(true);
    const res = await call(deleteDomain, {
      method: 'DELETE',
      url: `${base(acme.slug)}/${d.id}`,
      params: { tenant: acme.slug, id: d.id },
      cookie: acme.users.admin.cookie,
      headers: { 'x-request-id': `remove-${d.id}` },
    });
    expect(res.status).toBe(204);
    expect((await domainRows(acme.id)).some((r) => r.id === d.id)).toBe(false);
    const [event] = await auditOf(acme.id, `remove-${d.id}`);
    expect(event).toMatchObject({ action: 'domain.removed', targetId: d.id, before: { domain: d.domain } });
    expect((await remove(acme, d.id)).status).toBe(404);
  });
});

describe('SSO required setting', () => {
  const patch = (t: TestTenant, settings: unknown) =>
    call(patchTenant, {
      method: 'PATCH',
      url: `http://localhost/api/v1/tenants/${t.slug}`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: { settings },
    });

  it('is refused (400 naming settings.ssoRequired) without a verified domain, then without an enabled connection; allowed with both', async () => {
    const t = await createTenantWithMembers();
    const noDomain = await patch(t, { ssoRequired: true });
    expect(noDomain.status).toBe(400);
    expect(noDomain.json.errors).toEqual([{ path: 'settings.ssoRequired', message: expect.stringContaining('Verify a domain') }]);
    const d = await addedDomain(t);
    expect((await adminVerify(t.slug, d.id)).status).toBe(200);
    await enabledConnection(t, false);
    const noConnection = await patch(t, { ssoRequired: true });
    expect(noConnection.status).toBe(400);
    expect(noConnection.json.errors[0].message).toContain('connection');
    expect((await list(t)).json).toMatchObject({ ssoRequired: false, ssoRequiredProblem: expect.stringContaining('connection') });
    const db = await getDb();
    const [stored] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, t.id));
    expect(stored.settings.ssoRequired).toBeUndefined();

    await enabledConnection(t);
    const on = await patch(t, { ssoRequired: true });
    expect(on.status).toBe(200);
    expect(on.json.settings.ssoRequired).toBe(true);
    expect((await list(t)).json).toMatchObject({ ssoRequired: true, ssoRequiredProblem: null });
    // The last verified domain stays while SSO is required.
    const last = await remove(t, d.id);
    expect(last.status).toBe(409);
    expect(last.json.detail).toContain('SSO required');
    expect((await patch(t, { ssoRequired: false })).status).toBe(200);
    expect((await remove(t, d.id)).status).toBe(204);
  });
});

describe('POST /auth/sso-discovery', () => {
  it('routes an email of a verified domain with an enabled connection to its start URL; unverified, disabled or unknown → null, same shape', async () => {
    const t = await createTenantWithMembers();
    const domain = domainName();
    const d = await addedDomain(t, domain);
    const connectionId = await enabledConnection(t);

    const unverified = await discover(`dana@${domain}`);
    expect(unverified.status).toBe(200);
    expect(unverified.json).toEqual({ sso: null });

    expect((await adminVerify(t.slug, d.id)).status).toBe(200);
    const routed = await discover(`Dana.Whitfield@${domain.toUpperCase()}`);
    expect(routed.status).toBe(200);
    const url = new URL(routed.json.sso.url);
    expect(url.pathname).toBe(`/sso/${t.slug}/${connectionId}/start`);
    expect(url.searchParams.get('login_hint')).toBe(`Dana.Whitfield@${domain.toUpperCase()}`);
    expect(Object.keys(routed.json)).toEqual(['sso']);
    expect(JSON.stringify(routed.json)).not.toContain(t.id);

    const unknown = await discover(`nobody-${unique()}@elsewhere-${unique()}.example`);
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual({ sso: null });
    // An existing account without SSO answers exactly like an unknown one.
    expect((await discover(acme.users.admin.email)).json).toEqual({ sso: null });

    await withTenant(t.id, (tx) => tx.update(ssoConnections).set({ enabled: false }).where(eq(ssoConnections.tenantId, t.id)));
    expect((await discover(`dana@${domain}`)).json).toEqual({ sso: null });
  });

  it('refuses bad input with 400 naming email', async () => {
    for (const email of [undefined, 12, 'x'.repeat(400), 'not an email', "' or 1=1 --"]) {
      const res = await discover(email);
      expect(res.status).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['email']);
    }
  });
});
