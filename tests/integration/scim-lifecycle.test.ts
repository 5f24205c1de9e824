import { and, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as tokenPOST } from '@/app/api/v1/auth/token/route';
import { GET as batchesGET } from '@/app/api/v1/tenants/[tenant]/batches/route';
import { PATCH as tenantPATCH } from '@/app/api/v1/tenants/[tenant]/route';
import { PATCH as teamPATCH } from '@/app/api/v1/tenants/[tenant]/teams/[id]/route';
import { getDb } from '@/db/client';
import { apiKeys, auditEvents, memberships, users } from '@/db/schema';
import { generateApiKey } from '@/lib/access/api-key-format';
import { actorWords, auditSentenceParts } from '@/lib/audit/action-labels';
import { insertUser } from '@/lib/auth/create-user';
import { createSession, encodeSessionToken, SESSION_COOKIE } from '@/lib/auth/session';
import { getKv } from '@/lib/platform/kv';
import { SCIM_RATE_LIMIT_PER_MINUTE } from '@/lib/scim/policy';
import { parseScimToken } from '@/lib/scim/token-format';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import {
  auditOf,
  createScimToken,
  ENTERPRISE_SCHEMA,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  LIST_RESPONSE,
  PATCH_OP,
  scim,
  USER_SCHEMA,
} from '../support/scim-client';

// SCIM and the rest of Custos: a leaver deactivated by the directory is refused on their very next request (session,
// bearer token, their API key), the plan's seats, the trail's actor, tenant isolation, the discovery endpoints, the
// enterprise extension filling member attributes, and errors in the SCIM error schema with nothing written.

const PASSWORD = 'correct horse battery staple 42';
let acme: TestTenant;
let globex: TestTenant;
let acmeToken: string;
let globexToken: string;

beforeAll(async () => {
  acme = await createTenantWithMembers();
  globex = await createTenantWithMembers();
  acmeToken = (await createScimToken(acme, 'Okta')).token;
  globexToken = (await createScimToken(globex, 'Entra ID')).token;
});

/** A read the viewer role allows (batches.read). */
const tenant = (t: TestTenant, headers: Record<string, string>) =>
  call(batchesGET, { url: `http://localhost/api/v1/tenants/${t.slug}/batches`, params: { tenant: t.slug }, headers });

async function counts(t: TestTenant) {
  return withTenant(t.id, async (tx) => ({
    members: (await tx.select({ n: count() }).from(memberships).where(eq(memberships.tenantId, t.id)))[0].n,
    audit: (await tx.select({ n: count() }).from(auditEvents))[0].n,
  }));
}

describe('a leaver deactivated by the directory', () => {
  it('is refused on their very next request with their session, bearer token and API key; reactivation lets them back', async () => {
    // A person with an account of their own joins through the directory and gets the viewer role from a group.
    const db = await getDb();
    const email = `leaver-${unique()}@test.custos`;
    const lee = await insertUser(db, { email, name: 'Lee Leaver', password: PASSWORD, verified: true });
    const session = await createSession(db, lee.id, { ip: '127.0.0.1', userAgent: 'vitest' });
    const cookie = `${SESSION_COOKIE}=${await encodeSessionToken({ id: session.id, userId: lee.id })}`;
    const created = await scim(acme.slug, acmeToken, 'POST', 'Users', {
      schemas: [USER_SCHEMA],
      userName: email,
      externalId: `ext-${unique()}`,
    });
    expect(created.status).toBe(201);
    const id = created.json.id;
    const group = await scim(acme.slug, acmeToken, 'POST', 'Groups', { schemas: [GROUP_SCHEMA], displayName: `Readers ${unique()}` });
    const roles = await call(teamPATCH, {
      method: 'PATCH',
      url: `http://localhost/api/v1/tenants/${acme.slug}/teams/${group.json.id}`,
      params: { tenant: acme.slug, id: group.json.id },
      cookie: acme.users.admin.cookie,
      body: { roleIds: [acme.roleIds.viewer] },
    });
    expect(roles.status).toBe(200);
    const joined = await scim(acme.slug, acmeToken, 'PATCH', `Groups/${group.json.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
    });
    expect(joined.status).toBe(200);

    const pair = await call(tokenPOST, {
      method: 'POST',
      url: 'http://localhost/api/v1/auth/token',
      body: { email, password: PASSWORD },
      headers: { 'x-forwarded-for': '198.51.100.77' },
    });
    expect(pair.status).toBe(200);
    const key = generateApiKey();
    await withTenant(acme.id, (tx) =>
      tx.insert(apiKeys).values({
        tenantId: acme.id,
        name: 'Lee’s script',
        prefix: key.prefix,
        keyHash: key.hash,
        createdBy: lee.id,
        permissions: ['batches.read'],
      }),
    );
    const ways: Array<Record<string, string>> = [
      { cookie },
      { authorization: `Bearer ${pair.json.accessToken}` },
      { authorization: `Bearer ${key.key}` },
    ];
    for (const headers of ways) {
      const res = await tenant(acme, headers);
      expect(res.status, JSON.stringify(headers) + JSON.stringify(res.json)).toBe(200);
    }

    // Entra ID's disable request.
    const disabled = await scim(acme.slug, acmeToken, 'PATCH', `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(disabled.status).toBe(200);
    for (const headers of ways) {
      const refused = await tenant(acme, headers);
      expect(refused.status).toBe(403);
      expect(refused.json.code).toBe('member_suspended');
    }

    // The trail says who did it: SCIM (Okta).
    const [event] = await auditOf(acme.id, 'member.suspended', id);
    expect(event).toMatchObject({ actorType: 'system', actorName: 'SCIM (Okta)', reason: expect.stringMatching(/directory/) });
    const words = {
      action: event.action,
      actor: { type: event.actorType, id: event.actorId, name: event.actorName },
      targetType: event.targetType,
      targetId: event.targetId,
      before: event.before as Record<string, unknown>,
      after: event.after as Record<string, unknown>,
    };
    expect(actorWords(words.actor)).toBe('SCIM (Okta)');
    expect(auditSentenceParts(words)[0]).toEqual({ kind: 'actor', text: 'SCIM (Okta)' });

    // The team and its role are kept for their return; reactivation lets every way back in.
    const enabled = await scim(acme.slug, acmeToken, 'PATCH', `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: 'True' } }],
    });
    expect(enabled.json).toMatchObject({ active: true, groups: [{ value: group.json.id }] });
    for (const headers of ways) expect((await tenant(acme, headers)).status).toBe(200);
    expect((await auditOf(acme.id, 'member.reactivated', id))[0]).toMatchObject({ actorName: 'SCIM (Okta)' });
  });
});

describe('seats', () => {
  it('refuses a new member over the plan with 403 in the SCIM error schema, and creates neither account nor membership', async () => {
    const full = await createTenantWithMembers('starter'); // 5 seats, 5 members
    const token = (await createScimToken(full, 'Entra ID')).token;
    const before = await counts(full);
    const email = `over-${unique()}@test.custos`;
    const res = await scim(full.slug, token, 'POST', 'Users', { schemas: [USER_SCHEMA], userName: email, active: true });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '403' });
    expect(res.json.detail).toMatch(/seat/i);
    expect(res.json).not.toHaveProperty('scimType');
    expect(await counts(full)).toEqual(before);
    const db = await getDb();
    expect(
      await db
        .select()
        .from(users)
        .where(eq(sql`lower(${users.email})`, email)),
    ).toEqual([]);
  });
});

describe('tenant isolation', () => {
  it('another tenant’s token is 401, and a token reads and changes nothing of another tenant', async () => {
    const globexMember = await scim(globex.slug, globexToken, 'POST', 'Users', {
      schemas: [USER_SCHEMA],
      userName: `g-${unique()}@test.custos`,
    });
    expect(globexMember.status).toBe(201);
    const gid = globexMember.json.id;

    // Globex's token at Acme's address, and an unknown tenant: 401 alike.
    const wrong = await scim(acme.slug, globexToken, 'GET', 'Users');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401' });
    expect((await scim(`nope-${unique()}`, acmeToken, 'GET', 'Users')).status).toBe(401);
    expect((await scim(acme.slug, null, 'GET', 'Users')).status).toBe(401);
    expect((await scim(acme.slug, 'scim_aaaaaaaaaa_' + 'A'.repeat(43), 'GET', 'Users')).status).toBe(401);

    // Acme's token does not see Globex's member, by id or by filter, nor change or delete them.
    expect((await scim(acme.slug, acmeToken, 'GET', `Users/${gid}`)).status).toBe(404);
    const filtered = await scim(
      acme.slug,
      acmeToken,
      'GET',
      `Users?filter=${encodeURIComponent(`userName eq "${globexMember.json.userName}"`)}`,
    );
    expect(filtered.json.totalResults).toBe(0);
    const listed = await scim(acme.slug, acmeToken, 'GET', 'Users?count=200');
    expect(listed.json.Resources.map((r: { id: string }) => r.id)).not.toContain(gid);
    const before = await counts(globex);
    expect(
      (
        await scim(acme.slug, acmeToken, 'PATCH', `Users/${gid}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'replace', path: 'active', value: false }],
        })
      ).status,
    ).toBe(404);
    expect((await scim(acme.slug, acmeToken, 'DELETE', `Users/${gid}`)).status).toBe(404);
    expect(await counts(globex)).toEqual(before);
    const [row] = await withTenant(globex.id, (tx) => tx.select().from(memberships).where(eq(memberships.id, gid)));
    expect(row.status).toBe('active');
  });
});

describe('discovery (RFC 7643 §5–7)', () => {
  it('ServiceProviderConfig, ResourceTypes and Schemas say what is supported', async () => {
    const spc = await scim(acme.slug, acmeToken, 'GET', 'ServiceProviderConfig');
    expect(spc.status).toBe(200);
    expect(spc.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken', primary: true })],
    });
    const types = await scim(acme.slug, acmeToken, 'GET', 'ResourceTypes');
    expect(types.json.schemas).toEqual([LIST_RESPONSE]);
    expect(types.json.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    expect(types.json.Resources[0]).toMatchObject({
      endpoint: '/Users',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
    });
    expect((await scim(acme.slug, acmeToken, 'GET', 'ResourceTypes/Group')).json).toMatchObject({ id: 'Group', endpoint: '/Groups' });
    const schemas = await scim(acme.slug, acmeToken, 'GET', 'Schemas');
    expect(schemas.json.totalResults).toBe(3);
    const user = await scim(acme.slug, acmeToken, 'GET', `Schemas/${USER_SCHEMA}`);
    expect(user.status).toBe(200);
    expect(user.json.attributes.find((a: { name: string }) => a.name === 'userName')).toMatchObject({
      required: true,
      uniqueness: 'server',
    });
    expect((await scim(acme.slug, acmeToken, 'GET', 'Schemas/urn:nope')).status).toBe(404);
    expect((await scim(acme.slug, acmeToken, 'POST', 'ServiceProviderConfig', {})).status).toBe(405);
  });
});

describe('enterprise extension', () => {
  it('fills the member attributes the tenant defines (employeeNumber as employee_number, department) and ignores the others', async () => {
    const t = await createTenantWithMembers();
    const token = (await createScimToken(t, 'Entra ID')).token;
    const defined = await call(tenantPATCH, {
      method: 'PATCH',
      url: `http://localhost/api/v1/tenants/${t.slug}`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: {
        settings: {
          memberAttributes: [
            { key: 'employee_number', label: 'Employee number', type: 'text', required: false },
            { key: 'department', label: 'Department', type: 'choice', options: ['R&D', 'QA'], required: false },
          ],
        },
      },
    });
    expect(defined.status, JSON.stringify(defined.json)).toBe(200);
    const created = await scim(t.slug, token, 'POST', 'Users', {
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      userName: `ext-${unique()}@test.custos`,
      [ENTERPRISE_SCHEMA]: {
        employeeNumber: 701984,
        department: 'r&d',
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
        costCenter: '4130',
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.schemas).toEqual([USER_SCHEMA, ENTERPRISE_SCHEMA]);
    expect(created.json[ENTERPRISE_SCHEMA]).toEqual({ employeeNumber: '701984', department: 'R&D' });
    const [row] = await withTenant(t.id, (tx) => tx.select().from(memberships).where(eq(memberships.id, created.json.id)));
    expect(row.attributes).toEqual({ employee_number: '701984', department: 'R&D' });

    // Entra ID's PATCH by the extension's attribute path.
    const patched = await scim(t.slug, token, 'PATCH', `Users/${created.json.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: `${ENTERPRISE_SCHEMA}:department`, value: 'QA' }],
    });
    expect(patched.status).toBe(200);
    expect(patched.json[ENTERPRISE_SCHEMA]).toEqual({ employeeNumber: '701984', department: 'QA' });
    const [event] = (await auditOf(t.id, 'member.updated', created.json.id)).slice(-1);
    expect(event).toMatchObject({
      actorName: 'SCIM (Entra ID)',
      before: { attributes: { department: 'R&D' } },
      after: { attributes: { department: 'QA' } },
    });

    // A value the definition refuses: 400 invalidValue, nothing changed.
    const refused = await scim(t.slug, token, 'PATCH', `Users/${created.json.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: `${ENTERPRISE_SCHEMA}:department`, value: 'Sales' }],
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidValue' });
    expect(refused.json.detail).toMatch(/department/);
    const [after] = await withTenant(t.id, (tx) => tx.select().from(memberships).where(eq(memberships.id, created.json.id)));
    expect(after.attributes).toEqual({ employee_number: '701984', department: 'QA' });
  });
});

describe('paging and errors', () => {
  it('pages with startIndex and count (ListResponse), and refuses bad requests in the SCIM error schema, writing nothing', async () => {
    const t = await createTenantWithMembers();
    const token = (await createScimToken(t, 'Okta')).token;
    const page = await scim(t.slug, token, 'GET', 'Users?startIndex=2&count=2');
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 5, itemsPerPage: 2, startIndex: 2 });
    const all = await scim(t.slug, token, 'GET', 'Users');
    expect(page.json.Resources.map((r: { id: string }) => r.id)).toEqual(all.json.Resources.slice(1, 3).map((r: { id: string }) => r.id));
    expect((await scim(t.slug, token, 'GET', 'Users?count=0')).json).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });

    const existing = all.json.Resources[0];
    const before = await counts(t);
    const cases: Array<[string, string, unknown, number, string | undefined, { contentType?: string; rawBody?: string }?]> = [
      ['GET', `Users?filter=${encodeURIComponent('name.givenName co "a"')}`, undefined, 400, 'invalidFilter'],
      ['GET', `Users?filter=${encodeURIComponent('userName eq unquoted')}`, undefined, 400, 'invalidFilter'],
      ['GET', 'Users?startIndex=x', undefined, 400, 'invalidValue'],
      ['POST', 'Users', { schemas: [USER_SCHEMA], displayName: 'No userName' }, 400, 'invalidValue'],
      ['POST', 'Users', { schemas: [USER_SCHEMA], userName: 'not-an-address' }, 400, 'invalidValue'],
      ['POST', 'Users', { schemas: [USER_SCHEMA], userName: `a-${unique()}@test.custos`, active: 'maybe' }, 400, 'invalidValue'],
      ['POST', 'Users', { schemas: [USER_SCHEMA], userName: existing.userName }, 409, 'uniqueness'],
      ['POST', 'Users', undefined, 400, 'invalidSyntax', { rawBody: '{"userName":' }],
      ['POST', 'Users', undefined, 415, undefined, { rawBody: 'userName=x', contentType: 'text/plain' }],
      ['POST', 'Users', ['not', 'an', 'object'], 400, 'invalidSyntax'],
      ['PATCH', `Users/${existing.id}`, { schemas: [PATCH_OP], Operations: [] }, 400, 'invalidSyntax'],
      [
        'PATCH',
        `Users/${existing.id}`,
        { schemas: [PATCH_OP], Operations: [{ op: 'move', path: 'active', value: false }] },
        400,
        'invalidSyntax',
      ],
      ['PATCH', `Users/${existing.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove' }] }, 400, 'noTarget'],
      [
        'PATCH',
        `Users/${existing.id}`,
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: 'perhaps' }] },
        400,
        'invalidValue',
      ],
      ['GET', 'Users/not-a-uuid', undefined, 404, undefined],
      ['GET', 'Users/00000000-0000-4000-8000-000000000000', undefined, 404, undefined],
      ['POST', 'Groups', { schemas: [GROUP_SCHEMA] }, 400, 'invalidValue'],
      ['POST', 'Groups', { schemas: [GROUP_SCHEMA], displayName: `G ${unique()}`, members: [{ value: 'nobody' }] }, 400, 'invalidValue'],
      ['GET', 'Bulk', undefined, 404, undefined],
      ['PUT', 'Users', {}, 405, undefined],
    ];
    for (const [method, path, body, status, scimType, options] of cases) {
      const res = await scim(t.slug, token, method, path, body, options);
      const what = `${method} ${path} ${JSON.stringify(body ?? options)}`;
      expect(res.status, what).toBe(status);
      expect(res.headers.get('content-type'), what).toContain('application/scim+json');
      expect(res.json.schemas, what).toEqual([ERROR_SCHEMA]);
      expect(res.json.status, what).toBe(String(status));
      expect(res.json.scimType, what).toBe(scimType);
      expect(typeof res.json.detail, what).toBe('string');
    }
    // Nothing written by any of them (the group with a bad member rolled back with its team).
    expect(await counts(t)).toEqual(before);
    const [{ n: teams }] = await withTenant(t.id, (tx) =>
      tx
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'team.created'))),
    );
    expect(teams).toBe(0);
  });

  it('accepts application/json as well as application/scim+json', async () => {
    const t = await createTenantWithMembers();
    const token = (await createScimToken(t, 'Okta')).token;
    const res = await scim(
      t.slug,
      token,
      'POST',
      'Users',
      { schemas: [USER_SCHEMA], userName: `json-${unique()}@test.custos` },
      { contentType: 'application/json' },
    );
    expect(res.status).toBe(201);
  });
});

describe('rate limit', () => {
  it('answers 429 in the SCIM error schema past the per-minute budget of one token, with Retry-After; another token carries on', async () => {
    const t = await createTenantWithMembers();
    const busy = await createScimToken(t, 'Busy directory');
    const calm = await createScimToken(t, 'Calm directory');
    const { prefix } = parseScimToken(busy.token)!;
    // Spend all but one of the busy token's requests in the real kv store (as 599 requests would).
    const kv = await getKv();
    for (let i = 0; i < SCIM_RATE_LIMIT_PER_MINUTE - 1; i++) await kv.increment(`ratelimit:scim_token:${prefix}`, 60);
    const last = await scim(t.slug, busy.token, 'GET', 'Users?count=1');
    expect(last.status).toBe(200);
    expect(last.headers.get('ratelimit-limit')).toBe(String(SCIM_RATE_LIMIT_PER_MINUTE));
    expect(last.headers.get('ratelimit-remaining')).toBe('0');
    const refused = await scim(t.slug, busy.token, 'GET', 'Users?count=1');
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', scimType: 'tooMany' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await scim(t.slug, calm.token, 'GET', 'Users?count=1')).status).toBe(200);
  });
});
