import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteOne, GET as getOne, PATCH as patchOne } from '@/app/api/v1/tenants/[tenant]/sso-connections/[id]/route';
import { GET as listAll, POST as create } from '@/app/api/v1/tenants/[tenant]/sso-connections/route';
import { auditEvents, ssoConnections, teams } from '@/db/schema';
import { resetEnv } from '@/lib/platform/env';
import { loadSsoConnection, openClientSecret } from '@/lib/sso/load-connection';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';

/**
 * The SSO connection API against real counterparts: OIDC connections are checked against a real OpenID Provider
 * (oidc-provider on a local port; its discovery document is read), SAML connections from IdP metadata carrying a
 * real X.509 certificate made by openssl for this run.
 */

let acme: TestTenant;
let other: TestTenant;
let issuer: string;
let server: Server;
let certificateBase64: string;
let acmeTeam: string;
let otherTeam: string;
const clientSecret = `secret-${unique()}-${unique()}`;
const previousAllowHttp = process.env.SSO_ALLOW_HTTP;

beforeAll(async () => {
  process.env.SSO_ALLOW_HTTP = '1';
  resetEnv();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'custos-test', client_secret: clientSecret, redirect_uris: ['http://localhost/cb'] }],
  });
  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));

  const pem = execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=test-idp', '-days', '2'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  certificateBase64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  acmeTeam = await addTeam(acme, 'QA Berlin');
  otherTeam = await addTeam(other, 'Elsewhere');
}, 60_000);

afterAll(async () => {
  if (previousAllowHttp === undefined) delete process.env.SSO_ALLOW_HTTP;
  else process.env.SSO_ALLOW_HTTP = previousAllowHttp;
  resetEnv();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function addTeam(t: TestTenant, name: string): Promise<string> {
  const [row] = await withTenant(t.id, (tx) =>
    tx
      .insert(teams)
      .values({ tenantId: t.id, name: `${name} ${unique()}` })
      .returning({ id: teams.id }),
  );
  return row.id;
}

const metadataXml = (entityId = 'https://idp.example/metadata') => `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

const base = (slug: string) => `http://localhost/api/v1/tenants/${slug}/sso-connections`;
const post = (t: TestTenant, body: unknown, cookie = t.users.admin.cookie, slug = t.slug, headers: Record<string, string> = {}) =>
  call(create, { method: 'POST', url: base(slug), params: { tenant: slug }, cookie, body, headers });
const list = (t: TestTenant, cookie = t.users.admin.cookie, slug = t.slug) =>
  call(listAll, { url: base(slug), params: { tenant: slug }, cookie });
const get = (t: TestTenant, id: string, cookie = t.users.admin.cookie, slug = t.slug) =>
  call(getOne, { url: `${base(slug)}/${id}`, params: { tenant: slug, id }, cookie });
const patch = (
  t: TestTenant,
  id: string,
  body: unknown,
  cookie = t.users.admin.cookie,
  slug = t.slug,
  headers: Record<string, string> = {},
) => call(patchOne, { method: 'PATCH', url: `${base(slug)}/${id}`, params: { tenant: slug, id }, cookie, body, headers });
const remove = (t: TestTenant, id: string, cookie = t.users.admin.cookie, slug = t.slug, headers: Record<string, string> = {}) =>
  call(deleteOne, { method: 'DELETE', url: `${base(slug)}/${id}`, params: { tenant: slug, id }, cookie, headers });

const rows = (t: TestTenant) => withTenant(t.id, (tx) => tx.select().from(ssoConnections).where(eq(ssoConnections.tenantId, t.id)));
const auditOf = (t: TestTenant, requestId: string) =>
  withTenant(t.id, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.id), eq(auditEvents.requestId, requestId))),
  );
const oidcBody = (extra: Record<string, unknown> = {}) => ({
  type: 'oidc',
  name: `Entra ${unique()}`,
  issuer,
  clientId: 'custos-test',
  clientSecret,
  groupsClaim: 'groups',
  ...extra,
});

describe('POST /sso-connections', () => {
  it('adds an OIDC connection checked against the real provider: 201, secret sealed and never shown, redirect URI given, audited', async () => {
    const requestId = `sso-create-${unique()}`;
    const res = await post(
      acme,
      oidcBody({ defaultRoles: ['viewer'], groupTeamMappings: [{ group: 'qa', teamId: acmeTeam }] }),
      acme.users.admin.cookie,
      acme.slug,
      { 'x-request-id': requestId },
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      type: 'oidc',
      enabled: true,
      jitProvisioning: true,
      defaultRoleIds: [acme.roleIds.viewer],
      defaultRoles: [{ id: acme.roleIds.viewer, name: 'viewer' }],
      groupTeamMappings: [{ group: 'qa', teamId: acmeTeam }],
      config: { issuer, clientId: 'custos-test', groupsClaim: 'groups' },
      hasClientSecret: true,
      redirectUri: expect.stringMatching(new RegExp(`/sso/${acme.slug}/${res.json.id}/oidc/callback$`)),
      startUrl: expect.stringMatching(new RegExp(`/sso/${acme.slug}/${res.json.id}/start$`)),
    });
    expect(JSON.stringify(res.json)).not.toContain(clientSecret);
    const [row] = (await rows(acme)).filter((r) => r.id === res.json.id);
    expect(row.secretCiphertext).toBeTruthy();
    expect(row.secretCiphertext).not.toContain(clientSecret);
    const loaded = await loadSsoConnection(acme.slug, res.json.id);
    expect(loaded && openClientSecret(loaded)).toBe(clientSecret);
    const [event] = await auditOf(acme, requestId);
    expect(event).toMatchObject({
      action: 'sso_connection.created',
      targetType: 'sso_connection',
      targetId: res.json.id,
      actorId: acme.users.admin.id,
    });
    expect(event.after).toMatchObject({ type: 'oidc', defaultRoles: ['viewer'] });
    expect(JSON.stringify(event)).not.toContain(clientSecret);
  });

  it('adds a SAML connection from pasted metadata: the IdP read from it, the SP entity id, metadata and ACS URLs to register', async () => {
    const res = await post(acme, { type: 'saml', name: `Okta ${unique()}`, metadataXml: metadataXml(), groupsAttribute: 'groups' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      type: 'saml',
      hasClientSecret: false,
      config: { idpEntityId: 'https://idp.example/metadata', idpSsoUrl: 'https://idp.example/sso', groupsAttribute: 'groups' },
      spEntityId: expect.stringMatching(new RegExp(`/sso/${acme.slug}/${res.json.id}/saml/metadata$`)),
      spMetadataUrl: expect.stringMatching(/\/saml\/metadata$/),
      acsUrl: expect.stringMatching(new RegExp(`/sso/${acme.slug}/${res.json.id}/saml/acs$`)),
    });
    expect(res.json.config.idpCertificates).toHaveLength(1);
    expect(res.json.redirectUri).toBeUndefined();
  });

  it('refuses a role without tenant.update (403) and writes nothing', async () => {
    const before = (await rows(acme)).length;
    for (const role of ['manager', 'qa', 'operator', 'viewer'] as const) {
      expect((await post(acme, oidcBody(), acme.users[role].cookie)).status).toBe(403);
      expect((await list(acme, acme.users[role].cookie)).status).toBe(403);
    }
    expect((await rows(acme)).length).toBe(before);
  });

  it('refuses default roles carrying permissions the admin does not hold (403), writing nothing', async () => {
    const before = (await rows(acme)).length;
    const res = await post(acme, oidcBody({ defaultRoles: ['qa'] }));
    expect(res.status).toBe(403);
    expect(res.json.detail).toMatch(/cannot grant/);
    expect((await rows(acme)).length).toBe(before);
  });

  it('answers 404 for a tenant the caller is not a member of', async () => {
    expect((await post(acme, oidcBody(), other.users.admin.cookie)).status).toBe(404);
    expect((await list(acme, other.users.admin.cookie)).status).toBe(404);
  });

  it('refuses bad input with 400 naming the field, writing nothing', async () => {
    const before = (await rows(acme)).length;
    const cases: [unknown, string][] = [
      [{ name: 'No type' }, 'type'],
      [{ type: 'ldap', name: 'Wrong type' }, 'type'],
      [oidcBody({ name: 'x' }), 'name'],
      [oidcBody({ issuer: undefined }), 'issuer'],
      [oidcBody({ clientSecret: '' }), 'clientSecret'],
      [oidcBody({ metadataXml: '<x/>' }), 'metadataXml'],
      [oidcBody({ defaultRoles: ['no such role'] }), 'defaultRoles.0'],
      [oidcBody({ groupTeamMappings: [{ group: 'qa', teamId: otherTeam }] }), 'groupTeamMappings.0.teamId'],
      [oidcBody({ groupTeamMappings: [{ group: '', teamId: acmeTeam }] }), 'groupTeamMappings.0.group'],
      [oidcBody({ issuer: 'http://127.0.0.1:9/nothing-listens-here' }), 'issuer'],
      [{ type: 'saml', name: 'Not metadata', metadataXml: '<html><body>hello</body></html>' }, 'metadataXml'],
      [{ type: 'saml', name: 'Nothing given' }, 'metadataXml'],
    ];
    for (const [body, field] of cases) {
      const res = await post(acme, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(
        res.json.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect((await rows(acme)).length).toBe(before);
  });

  it('refuses a second connection of the same name (409)', async () => {
    const name = `Same ${unique()}`;
    expect((await post(acme, oidcBody({ name }))).status).toBe(201);
    const res = await post(acme, { type: 'saml', name, metadataXml: metadataXml() });
    expect(res.status).toBe(409);
  });
});

describe('GET /sso-connections', () => {
  it("lists only the tenant's own connections, by name, without secrets", async () => {
    const mine = await post(other, oidcBody({ name: `Other ${unique()}` }));
    expect(mine.status).toBe(201);
    const res = await list(acme);
    expect(res.status).toBe(200);
    const ids = res.json.items.map((c: { id: string }) => c.id);
    expect(ids).not.toContain(mine.json.id);
    const names = res.json.items.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(JSON.stringify(res.json)).not.toContain(clientSecret);
    expect(JSON.stringify(res.json)).not.toContain('secretCiphertext');
  });
});

describe('GET, PATCH, DELETE /sso-connections/{id}', () => {
  it('reads, changes and removes a connection, each audited; another tenant gets 404', async () => {
    const created = await post(acme, oidcBody());
    const id = created.json.id as string;
    expect((await get(acme, id)).json).toMatchObject({ id, name: created.json.name });

    // Another tenant's admin, on their own tenant's path or on ours: 404, nothing changed.
    expect((await get(other, id)).status).toBe(404);
    expect((await patch(other, id, { enabled: false })).status).toBe(404);
    expect((await remove(other, id)).status).toBe(404);
    expect((await get(acme, id, other.users.admin.cookie)).status).toBe(404);
    expect((await get(acme, id, acme.users.viewer.cookie)).status).toBe(403);
    expect((await patch(acme, id, { enabled: false }, acme.users.manager.cookie)).status).toBe(403);
    expect((await remove(acme, id, acme.users.manager.cookie)).status).toBe(403);

    const requestId = `sso-update-${unique()}`;
    const changed = await patch(
      acme,
      id,
      {
        enabled: false,
        jitProvisioning: false,
        defaultRoles: ['manager', acme.roleIds.viewer],
        groupTeamMappings: [{ group: 'g1', teamId: acmeTeam }],
      },
      acme.users.admin.cookie,
      acme.slug,
      { 'x-request-id': requestId },
    );
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json).toMatchObject({
      enabled: false,
      jitProvisioning: false,
      defaultRoleIds: [acme.roleIds.manager, acme.roleIds.viewer],
      groupTeamMappings: [{ group: 'g1', teamId: acmeTeam }],
    });
    const [event] = await auditOf(acme, requestId);
    expect(event).toMatchObject({ action: 'sso_connection.updated', targetId: id, before: { enabled: true }, after: { enabled: false } });
    // Disabled: the public sign-in routes no longer find it.
    expect(await loadSsoConnection(acme.slug, id)).toBeNull();

    // A new client id is checked against the provider again and keeps the stored secret.
    const reclient = await patch(acme, id, { clientId: 'custos-test', scopes: ['groups'], enabled: true });
    expect(reclient.status).toBe(200);
    expect(reclient.json.config).toMatchObject({ clientId: 'custos-test', scopes: ['groups'] });
    const loaded = await loadSsoConnection(acme.slug, id);
    expect(loaded && openClientSecret(loaded)).toBe(clientSecret);

    const deletedRequest = `sso-delete-${unique()}`;
    expect((await remove(acme, id, acme.users.admin.cookie, acme.slug, { 'x-request-id': deletedRequest })).status).toBe(204);
    expect((await get(acme, id)).status).toBe(404);
    const [deleted] = await auditOf(acme, deletedRequest);
    expect(deleted).toMatchObject({ action: 'sso_connection.deleted', targetId: id, after: null });
  });

  it('refuses bad changes with 400 naming the field, changing nothing', async () => {
    const created = await post(acme, oidcBody());
    const id = created.json.id as string;
    const cases: [unknown, string][] = [
      [{ metadataXml: metadataXml() }, 'metadataXml'],
      [{ name: '' }, 'name'],
      [{ enabled: 'yes' }, 'enabled'],
      [{ defaultRoles: ['nope'] }, 'defaultRoles.0'],
      [{ groupTeamMappings: [{ group: 'g', teamId: otherTeam }] }, 'groupTeamMappings.0.teamId'],
      [{ issuer: 'http://127.0.0.1:9/nothing' }, 'issuer'],
      [{ type: 'saml' }, 'type'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(acme, id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.json.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect((await get(acme, id)).json).toMatchObject({ name: created.json.name, enabled: true, config: { issuer } });
    const saml = await post(acme, { type: 'saml', name: `Okta ${unique()}`, metadataXml: metadataXml() });
    const wrongType = await patch(acme, saml.json.id, { clientSecret: 'x' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.errors[0].path).toBe('clientSecret');
    const newMetadata = await patch(acme, saml.json.id, { metadataXml: metadataXml('https://idp.example/other') });
    expect(newMetadata.status).toBe(200);
    expect(newMetadata.json.config.idpEntityId).toBe('https://idp.example/other');
  });

  it('answers 400 for an id that is not a uuid, and 404 for an unknown one', async () => {
    const res = await get(acme, 'not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('params.id');
    expect((await get(acme, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
