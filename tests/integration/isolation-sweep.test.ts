import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as issueToken } from '@/app/api/v1/auth/token/route';
import { drainSerialJobs } from '@/lib/serials/start-serial-job';
import { API_MD_ROLES } from '../support/api-md-roles';
import { unlistedStatus } from '../support/documented-statuses';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { giveTestPasswords, TEST_PASSWORD } from '../support/quality';
import {
  FIXTURES,
  freshBatch,
  freshInspection,
  freshSite,
  membershipOf,
  opByKey,
  type Operation,
  type Prepared,
  ROLES,
  type RoleName,
  tenantOps,
  urlOf,
} from '../support/route-fixtures';
import { countChanges, rowCounts } from '../support/sweep-rows';

/**
 * The isolation sweep of issue 9: tenant B has a record of every kind (each operation's fixture makes a fresh
 * one in B: members, roles, teams, systems, API keys, invitations, sites, batches, inspections, attachments,
 * serial jobs, serials, …). Every tenant operation that takes an id is called on tenant A's URL with B's id, as
 * A's caller with (a) a session cookie, (b) a bearer access token from POST /auth/token and (c) an API key of
 * tenant A: always 404, and no table's row count changes. Every tenant operation is also called on B's slug
 * with A's credentials: 404. B's ids inside bodies and query filters are refused or find nothing. Prints a table
 * of operations × credential kinds.
 */
type Credential = 'session' | 'token' | 'api key';
const KINDS: Credential[] = ['session', 'token', 'api key'];

let a: TestTenant;
let b: TestTenant;
/** Tenant A's credentials per role that an operation may need (the admin; QA for release and approval). */
const headersOf: Partial<Record<RoleName, Record<Credential, Record<string, string> | null>>> = {};
const table: string[] = [];

async function credentialsOf(t: TestTenant, role: RoleName): Promise<Record<Credential, Record<string, string> | null>> {
  const token = await call(issueToken, { method: 'POST', body: { email: t.users[role].email, password: TEST_PASSWORD } });
  if (token.status !== 200) throw new Error(`token for ${role}: ${token.status} ${JSON.stringify(token.json)}`);
  // An API key holds at most what its maker holds: the admin's key gets every permission of the admin role.
  // Nobody may make a key holding batches.release or inspections.approve (no role that manages keys has them).
  let key: Record<string, string> | null = null;
  if (API_MD_ROLES.roles[role].includes('api_keys.manage')) {
    const made = await call(opByKey('POST /api/v1/tenants/{tenant}/api-keys').handler, {
      method: 'POST',
      params: { tenant: t.slug },
      cookie: t.users[role].cookie,
      body: { name: `isolation ${role}`, permissions: API_MD_ROLES.roles[role] },
    });
    if (made.status !== 201) throw new Error(`api key: ${made.status} ${JSON.stringify(made.json)}`);
    key = { authorization: `Bearer ${made.json.key}` };
  }
  return { session: { cookie: t.users[role].cookie }, token: { authorization: `Bearer ${token.json.accessToken}` }, 'api key': key };
}

const roleFor = (access: string): RoleName => ROLES.find((r) => access === 'member' || API_MD_ROLES.roles[r].includes(access))!;

function request(op: Operation, prepared: Prepared, tenant: string, headers: Record<string, string>) {
  return call(op.handler, {
    method: op.spec.method,
    params: { tenant, ...prepared.params },
    headers,
    body: prepared.body,
    rawBody: prepared.rawBody,
    url: urlOf(prepared.query),
  });
}

beforeAll(async () => {
  a = await createTenantWithMembers('enterprise');
  b = await createTenantWithMembers('enterprise');
  for (const t of [a, b]) await giveTestPasswords(t);
  for (const role of ['admin', 'qa'] as const) headersOf[role] = await credentialsOf(a, role);
});

afterAll(() => {
  const width = Math.max(...table.map((l) => l.indexOf('  ')));
  console.log(
    `isolation sweep: ${table.length} operations; per credential (${KINDS.join(', ')}): A's URL with B's id | B's slug; - where the credential cannot hold the permission\n` +
      table.map((l) => l.replace(/^(.*?) {2}/, (_, k: string) => `${k.padEnd(width)}  `)).join('\n'),
  );
});

describe("isolation sweep: tenant A's credentials, tenant B's records", () => {
  it("each of tenant A's credentials works on tenant A (so a 404 below is the other tenant, not a bad credential)", async () => {
    const statuses = [];
    for (const kind of KINDS) {
      const res = await call(opByKey('GET /api/v1/tenants/{tenant}/batches').handler, {
        method: 'GET',
        params: { tenant: a.slug },
        headers: headersOf.admin![kind]!,
      });
      statuses.push(`${kind}:${res.status}`);
    }
    expect(statuses).toEqual(KINDS.map((k) => `${k}:200`));
  });

  it.each(tenantOps.map((o) => [o.key, o] as const))('%s', async (key, op) => {
    const prepared = await FIXTURES[key](b);
    await drainSerialJobs();
    const role = roleFor(prepared.access ?? op.spec.access);
    const takesId = Object.keys(prepared.params).length > 0;
    const before = await rowCounts();
    const cells: string[] = [];
    const wrong: string[] = [];
    for (const kind of KINDS) {
      const headers = headersOf[role]![kind];
      if (!headers) {
        cells.push(takesId ? '-   -  ' : '-');
        continue;
      }
      const results: number[] = [];
      if (takesId) {
        const res = await request(op, prepared, a.slug, headers);
        results.push(res.status);
        const unlisted = await unlistedStatus(key, res.status);
        if (unlisted) wrong.push(unlisted);
        if (res.status !== 404) wrong.push(`${kind}, A's URL with B's id: ${res.status} ${JSON.stringify(res.json)?.slice(0, 200)}`);
      }
      const res = await request(op, prepared, b.slug, headers);
      results.push(res.status);
      const unlisted = await unlistedStatus(key, res.status);
      if (unlisted) wrong.push(unlisted);
      if (res.status !== 404 || res.json?.code !== 'not_found')
        wrong.push(`${kind}, B's slug: ${res.status} ${JSON.stringify(res.json)?.slice(0, 200)}`);
      cells.push(results.join(' '));
    }
    await drainSerialJobs();
    const written = countChanges(before, await rowCounts());
    if (written.length) wrong.push(`rows written: ${written.join(', ')}`);
    table.push(`${key}  ${cells.map((c) => c.padEnd(7)).join(' │ ')}${takesId ? '' : "  (no id: B's slug only)"}`);
    expect(wrong).toEqual([]);
  });
});

describe("B's ids inside A's bodies and filters", () => {
  const post = (path: string, method: string, params: Record<string, string>, body: unknown, kind: Credential = 'session') =>
    call(opByKey(`${method} ${path}`).handler, { method, params: { tenant: a.slug, ...params }, headers: headersOf.admin![kind]!, body });
  const get = (path: string, query: Record<string, string>, kind: Credential = 'session') =>
    call(opByKey(`GET ${path}`).handler, {
      method: 'GET',
      params: { tenant: a.slug },
      headers: headersOf.admin![kind]!,
      url: urlOf(query),
    });

  it('refuses them in bodies (404 or 400, nothing written) and finds nothing by them in filters', async () => {
    const bRole = b.roleIds.viewer;
    const bSite = await freshSite(b);
    const bBatch = await freshBatch(b);
    const bInspection = await freshInspection(b);
    const bMembership = await membershipOf(b, b.users.viewer.id);
    const aMember = await membershipOf(a, a.users.viewer.id);
    const aBatch = await freshBatch(a);
    const aTeam = (await post('/api/v1/tenants/{tenant}/teams', 'POST', {}, { name: 'Isolation team' })).json.id as string;
    await drainSerialJobs();
    const results: string[] = [];
    for (const kind of KINDS) {
      const before = await rowCounts();
      const attempts: Array<[string, Awaited<ReturnType<typeof call>>]> = [
        [
          "batch at B's site",
          await post(
            '/api/v1/tenants/{tenant}/batches',
            'POST',
            {},
            {
              batchNumber: `ISO${KINDS.indexOf(kind)}`,
              productName: 'Isolated',
              siteId: bSite,
              plannedQuantity: 10,
              expiresOn: '2029-01-31',
            },
            kind,
          ),
        ],
        ["member given B's role", await post('/api/v1/tenants/{tenant}/members/{id}', 'PATCH', { id: aMember }, { roles: [bRole] }, kind)],
        [
          "invitation with B's role",
          await post(
            '/api/v1/tenants/{tenant}/invitations',
            'POST',
            {},
            { email: `iso-${KINDS.indexOf(kind)}@example.test`, roles: [bRole] },
            kind,
          ),
        ],
        ["team with B's role", await post('/api/v1/tenants/{tenant}/teams', 'POST', {}, { name: `Iso ${kind}`, roleIds: [bRole] }, kind)],
        [
          "team holding B's member",
          await post('/api/v1/tenants/{tenant}/teams/{id}/members', 'PUT', { id: aTeam }, { membershipIds: [bMembership] }, kind),
        ],
        [
          "retest of B's inspection",
          await post(
            '/api/v1/tenants/{tenant}/batches/{id}/inspections',
            'POST',
            { id: aBatch },
            { type: 'release', sampleSize: 5, characteristics: [{ name: 'Assay', value: 1 }], retestOf: bInspection },
            kind,
          ),
        ],
      ];
      for (const [what, res] of attempts) {
        if (res.status !== 404 && res.status !== 400)
          results.push(`${kind}, ${what}: ${res.status} ${JSON.stringify(res.json)?.slice(0, 200)}`);
      }
      const written = countChanges(before, await rowCounts());
      if (written.length) results.push(`${kind}: rows written: ${written.join(', ')}`);
      for (const [what, res] of [
        ["batches at B's site", await get('/api/v1/tenants/{tenant}/batches', { siteId: bSite }, kind)],
        ["audit events about B's batch", await get('/api/v1/tenants/{tenant}/audit-events', { targetId: bBatch }, kind)],
      ] as const) {
        if (res.status !== 200 || res.json.data.length !== 0)
          results.push(`${kind}, ${what}: ${res.status} ${JSON.stringify(res.json)?.slice(0, 200)}`);
      }
    }
    expect(results).toEqual([]);
  });
});
