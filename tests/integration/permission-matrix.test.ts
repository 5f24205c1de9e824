import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as openApiGet } from '@/app/api/openapi.json/route';
import { DEFAULT_ROLES, PERMISSIONS } from '@/lib/access/permissions';
import { API_MD_ROLES, roleTableText, sharedRoleSection } from '../support/api-md-roles';
import { unlistedStatus } from '../support/documented-statuses';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant } from '../support/fixtures';
import { giveTestPasswords } from '../support/quality';
import { ACCOUNT_FIXTURES, accountOps, allOps, FIXTURES, ROLES, type RoleName, tenantOps as ops, urlOf } from '../support/route-fixtures';

/**
 * The permission matrix (issue 9's permission sweep): every operation of /api/openapi.json × every default
 * role. Tenant operations give the success status when the role holds the route's permission in the role
 * table of API.md (transcribed in tests/support/api-md-roles.md) and 403 when it does not; another tenant's
 * ids (and another tenant's path) are 404. Operations outside a tenant are 403 to every default role when
 * they need a platform administrator, and never 401/403 otherwise. Each operation has a fixture in
 * tests/support/route-fixtures.ts that makes a fresh, valid request; an operation without one fails here.
 * The matrix it checked is printed at the end (A allowed, F forbidden).
 */
const holds = (role: RoleName, access: string) => access === 'member' || API_MD_ROLES.roles[role].includes(access);

const checked = new Map<string, string[]>();

let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  // Unlimited seats: the fixtures add members and invitations for every role of every operation.
  acme = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers('enterprise');
  for (const t of [acme, other]) await giveTestPasswords(t); // signatures re-enter a password
});

afterAll(() => {
  const width = Math.max(...[...checked.keys()].map((k) => k.length));
  const lines = [...checked].map(([key, cells]) => `${key.padEnd(width)}  ${cells.join(' ')}`);
  console.log(
    `permission sweep: ${checked.size} operations × ${ROLES.length} roles (${ROLES.join(' ')}); A allowed, F forbidden\n${lines.join('\n')}`,
  );
});

describe('the role table of API.md', () => {
  it("is transcribed verbatim, and the product's default roles are exactly it", () => {
    const shared = sharedRoleSection();
    if (shared !== null) expect(roleTableText()).toContain(shared.trimEnd());
    expect(API_MD_ROLES.catalog).toEqual([...PERMISSIONS]);
    expect(Object.keys(API_MD_ROLES.roles)).toEqual([...ROLES]);
    for (const role of DEFAULT_ROLES) expect([...role.permissions].sort(), role.name).toEqual(API_MD_ROLES.roles[role.name]);
  });
});

describe('permission matrix: every tenant operation × every default role', () => {
  it('has a fixture for every operation of /api/openapi.json, and the document has every registered route', async () => {
    const doc = await openApiGet().json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(ops.length).toBeGreaterThan(20);
    expect(documented.filter((k) => !FIXTURES[k] && !ACCOUNT_FIXTURES[k])).toEqual([]);
    expect(allOps.map((o) => o.key).filter((k) => !documented.includes(k))).toEqual([]);
  });

  it.each(ops.map((o) => [o.key, o] as const))('%s', async (_key, op) => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    const cells: string[] = [];
    for (const role of ROLES) {
      const { params, body, access, query, rawBody } = await FIXTURES[op.key](acme);
      const res = await call(op.handler, {
        rawBody,
        method: op.spec.method,
        params: { tenant: acme.slug, ...params },
        cookie: acme.users[role].cookie,
        body,
        url: urlOf(query),
      });
      const want = holds(role, access ?? op.spec.access) ? (op.spec.status ?? 200) : 403;
      const unlisted = await unlistedStatus(op.key, res.status);
      if (unlisted) outcomes.push(unlisted);
      outcomes.push(`${role}:${res.status}${res.status >= 400 && res.status !== want ? ` ${res.json?.detail ?? ''}` : ''}`);
      expected.push(`${role}:${want}`);
      cells.push(want === 403 ? 'F' : 'A');
    }
    checked.set(op.key, cells);
    expect(outcomes).toEqual(expected);
  });
});

describe('another tenant: its ids and its path are 404', () => {
  it.each(ops.map((o) => [o.key, o] as const))('%s', async (_key, op) => {
    const { params, body, access, query, rawBody } = await FIXTURES[op.key](other);
    // Ours, our tenant's path, the other tenant's ids: the admin, or a role that holds what the admin lacks.
    const ours = acme.users[ROLES.find((r) => holds(r, access ?? op.spec.access))!];
    if (Object.keys(params).length > 0) {
      const res = await call(op.handler, {
        method: op.spec.method,
        params: { tenant: acme.slug, ...params },
        cookie: ours.cookie,
        body,
        url: urlOf(query),
        rawBody,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(404);
      expect(await unlistedStatus(op.key, res.status)).toBeNull();
    }
    // Our admin on the other tenant's path.
    const res = await call(op.handler, {
      method: op.spec.method,
      params: { tenant: other.slug, ...params },
      cookie: ours.cookie,
      body,
      url: urlOf(query),
      rawBody,
    });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not_found');
    expect(await unlistedStatus(op.key, res.status)).toBeNull();
  });
});

describe('operations outside a tenant × every default role', () => {
  // A default role means nothing outside its tenant: the holder is just a signed-in person. Platform routes
  // refuse all of them (and answer a platform administrator); routes for any signed-in caller let them all
  // through; public routes answer the request, not the caller (a spent or unknown token may well be 401).
  it.each(accountOps.map((o) => [o.key, o] as const))('%s', async (_key, op) => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      const caller = acme.users[role];
      const prepared = await ACCOUNT_FIXTURES[op.key](acme, caller);
      const res = await call(op.handler, {
        method: op.spec.method,
        params: prepared.params,
        cookie: op.spec.access === 'public' ? undefined : caller.cookie,
        body: prepared.body,
        rawBody: prepared.rawBody,
        url: urlOf(prepared.query),
      });
      const unlisted = await unlistedStatus(op.key, res.status);
      if (unlisted) outcomes.push(unlisted);
      const refused = op.spec.access === 'public' ? res.json?.code === 'forbidden' : res.status === 401 || res.status === 403;
      outcomes.push(
        `${role}:${op.spec.access === 'platform_admin' ? res.status : refused ? `refused ${res.status} ${res.json?.detail ?? ''}` : 'let through'}`,
      );
      expected.push(`${role}:${op.spec.access === 'platform_admin' ? 403 : 'let through'}`);
    }
    checked.set(
      op.key,
      ROLES.map(() => (op.spec.access === 'platform_admin' ? 'F' : 'A')),
    );
    expect(outcomes).toEqual(expected);
    if (op.spec.access === 'platform_admin') {
      const root = await createUserWithSession('matrix-root', { platformAdmin: true });
      const prepared = await ACCOUNT_FIXTURES[op.key](acme, root);
      const res = await call(op.handler, {
        method: op.spec.method,
        params: prepared.params,
        cookie: root.cookie,
        body: prepared.body,
        url: urlOf(prepared.query),
      });
      expect(res.status, JSON.stringify(res.json)).toBe(op.spec.status ?? 200);
      expect(await unlistedStatus(op.key, res.status)).toBeNull();
    }
  });
});
