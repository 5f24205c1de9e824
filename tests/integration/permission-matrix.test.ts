import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRouteModules } from '@/app/api/v1/routes';
import { memberships } from '@/db/schema';
import { DEFAULT_ROLES } from '@/lib/access/permissions';
import type { RouteHandler } from '@/lib/http/route';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, unique } from '../support/fixtures';

/**
 * The permission matrix, generated from the route registry and the role table of API.md: every
 * /api/v1/tenants/{tenant}/… operation × every default role gives the success status when the role holds
 * the route's permission and 403 when it does not; another tenant's ids (and another tenant's path) are 404.
 * Each operation has a fixture below that makes a fresh, valid request; a new route without one fails here.
 */
type Prepared = { params: Record<string, string>; body?: unknown };
type Fixture = (t: TestTenant) => Promise<Prepared>;

const ROLES = ['admin', 'manager', 'qa', 'operator', 'viewer'] as const;
const ops = Object.entries(apiRouteModules).flatMap(([file, mod]) =>
  Object.values(mod)
    .map((h) => h as RouteHandler)
    .filter((h) => h?.route?.path.startsWith('/api/v1/tenants/{tenant}'))
    .map((handler) => ({ file, handler, spec: handler.route, key: `${handler.route.method} ${handler.route.path}` })),
);
const handler = (method: string, path: string) => ops.find((o) => o.key === `${method} ${path}`)!.handler;

async function asAdmin(t: TestTenant, method: string, path: string, params: Record<string, string>, body?: unknown) {
  const res = await call(handler(method, path), { method, params: { tenant: t.slug, ...params }, cookie: t.users.admin.cookie, body });
  if (res.status >= 300) throw new Error(`fixture ${method} ${path} failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

async function membershipOf(t: TestTenant, userId: string): Promise<string> {
  const [row] = await withTenant(t.id, (tx) =>
    tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, userId))),
  );
  return row.id;
}

async function freshMember(t: TestTenant): Promise<string> {
  const user = await createUserWithSession('matrix-member');
  const { membershipId } = await withTenant(t.id, (tx) => addMember(tx, { tenantId: t.id, userId: user.id, roleIds: [t.roleIds.viewer] }));
  return membershipId;
}

const freshRole = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/roles', {}, { name: `role-${unique()}`, permissions: ['batches.read'] })).id as string;
const freshTeam = async (t: TestTenant) => (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/teams', {}, { name: `team-${unique()}` })).id as string;
const freshSystem = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/systems', {}, { slug: `sys-${unique()}`, name: 'LIMS', permissions: ['samples.read'] }))
    .slug as string;
const freshInvitation = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/invitations', {}, { email: `matrix-${unique()}@example.test`, roles: [t.roleIds.viewer] }))
    .id as string;
const freshKey = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/api-keys', {}, { name: `key-${unique()}`, permissions: ['tenant.read'] })).id as string;

const FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/tenants/{tenant}': async () => ({ params: {} }),
  'PATCH /api/v1/tenants/{tenant}': async () => ({ params: {}, body: { name: `Renamed ${unique()}` } }),
  'POST /api/v1/tenants/{tenant}/authorize': async () => ({ params: {}, body: { permission: 'batches.read' } }),
  'GET /api/v1/tenants/{tenant}/api-keys': async () => ({ params: {} }),
  'POST /api/v1/tenants/{tenant}/api-keys': async () => ({ params: {}, body: { name: `key-${unique()}`, permissions: ['tenant.read'] } }),
  'DELETE /api/v1/tenants/{tenant}/api-keys/{id}': async (t) => ({ params: { id: await freshKey(t) } }),
  'GET /api/v1/tenants/{tenant}/invitations': async () => ({ params: {} }),
  'POST /api/v1/tenants/{tenant}/invitations': async (t) => ({ params: {}, body: { email: `matrix-${unique()}@example.test`, roles: [t.roleIds.viewer] } }),
  'POST /api/v1/tenants/{tenant}/invitations/bulk': async (t) => ({
    params: {},
    body: { emails: [`matrix-${unique()}@example.test`], roles: [t.roleIds.viewer] },
  }),
  'DELETE /api/v1/tenants/{tenant}/invitations/{id}': async (t) => ({ params: { id: await freshInvitation(t) } }),
  'POST /api/v1/tenants/{tenant}/invitations/{id}/resend': async (t) => ({ params: { id: await freshInvitation(t) } }),
  'GET /api/v1/tenants/{tenant}/members': async () => ({ params: {} }),
  'GET /api/v1/tenants/{tenant}/members/{id}': async (t) => ({ params: { id: await membershipOf(t, t.users.viewer.id) } }),
  'PATCH /api/v1/tenants/{tenant}/members/{id}': async (t) => ({ params: { id: await freshMember(t) }, body: { roles: [t.roleIds.viewer] } }),
  'DELETE /api/v1/tenants/{tenant}/members/{id}': async (t) => ({ params: { id: await freshMember(t) } }),
  'GET /api/v1/tenants/{tenant}/members/{id}/permissions': async (t) => ({ params: { id: await membershipOf(t, t.users.viewer.id) } }),
  'PUT /api/v1/tenants/{tenant}/members/{id}/overrides': async (t) => ({
    params: { id: await freshMember(t) },
    body: { grant: ['batches.read'], deny: ['sites.read'] },
  }),
  'GET /api/v1/tenants/{tenant}/roles': async () => ({ params: {} }),
  'POST /api/v1/tenants/{tenant}/roles': async () => ({ params: {}, body: { name: `role-${unique()}`, permissions: ['batches.read'] } }),
  'GET /api/v1/tenants/{tenant}/roles/{id}': async (t) => ({ params: { id: t.roleIds.viewer } }),
  'PATCH /api/v1/tenants/{tenant}/roles/{id}': async (t) => ({ params: { id: await freshRole(t) }, body: { description: 'Edited' } }),
  'DELETE /api/v1/tenants/{tenant}/roles/{id}': async (t) => ({ params: { id: await freshRole(t) } }),
  'GET /api/v1/tenants/{tenant}/systems': async () => ({ params: {} }),
  'POST /api/v1/tenants/{tenant}/systems': async () => ({ params: {}, body: { slug: `sys-${unique()}`, name: 'LIMS', permissions: ['samples.read'] } }),
  'GET /api/v1/tenants/{tenant}/systems/{slug}': async (t) => ({ params: { slug: await freshSystem(t) } }),
  'PATCH /api/v1/tenants/{tenant}/systems/{slug}': async (t) => ({ params: { slug: await freshSystem(t) }, body: { name: 'Renamed LIMS' } }),
  'DELETE /api/v1/tenants/{tenant}/systems/{slug}': async (t) => ({ params: { slug: await freshSystem(t) } }),
  'GET /api/v1/tenants/{tenant}/teams': async () => ({ params: {} }),
  'POST /api/v1/tenants/{tenant}/teams': async () => ({ params: {}, body: { name: `team-${unique()}` } }),
  'GET /api/v1/tenants/{tenant}/teams/{id}': async (t) => ({ params: { id: await freshTeam(t) } }),
  'PATCH /api/v1/tenants/{tenant}/teams/{id}': async (t) => ({ params: { id: await freshTeam(t) }, body: { description: 'Edited' } }),
  'DELETE /api/v1/tenants/{tenant}/teams/{id}': async (t) => ({ params: { id: await freshTeam(t) } }),
  'GET /api/v1/tenants/{tenant}/teams/{id}/members': async (t) => ({ params: { id: await freshTeam(t) } }),
  'PUT /api/v1/tenants/{tenant}/teams/{id}/members': async (t) => ({ params: { id: await freshTeam(t) }, body: { membershipIds: [] } }),
};

const holds = (role: (typeof ROLES)[number], access: string) =>
  access === 'member' || DEFAULT_ROLES.find((r) => r.name === role)!.permissions.includes(access as never);

let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  // Unlimited seats: the fixtures add members and invitations for every role of every operation.
  acme = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers('enterprise');
});

describe('permission matrix: every tenant operation × every default role', () => {
  it('has a fixture for every tenant-scoped route', () => {
    expect(ops.length).toBeGreaterThan(20);
    expect(ops.map((o) => o.key).filter((k) => !FIXTURES[k])).toEqual([]);
  });

  it.each(ops.map((o) => [o.key, o] as const))('%s', async (_key, op) => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      const { params, body } = await FIXTURES[op.key](acme);
      const res = await call(op.handler, { method: op.spec.method, params: { tenant: acme.slug, ...params }, cookie: acme.users[role].cookie, body });
      const want = holds(role, op.spec.access) ? (op.spec.status ?? 200) : 403;
      outcomes.push(`${role}:${res.status}${res.status >= 400 && res.status !== want ? ` ${res.json?.detail ?? ''}` : ''}`);
      expected.push(`${role}:${want}`);
    }
    expect(outcomes).toEqual(expected);
  });
});

describe('another tenant: its ids and its path are 404', () => {
  it.each(ops.map((o) => [o.key, o] as const))('%s', async (_key, op) => {
    const { params, body } = await FIXTURES[op.key](other);
    // Our admin, our tenant's path, the other tenant's ids.
    if (Object.keys(params).length > 0) {
      const res = await call(op.handler, { method: op.spec.method, params: { tenant: acme.slug, ...params }, cookie: acme.users.admin.cookie, body });
      expect(res.status, JSON.stringify(res.json)).toBe(404);
    }
    // Our admin on the other tenant's path.
    const res = await call(op.handler, { method: op.spec.method, params: { tenant: other.slug, ...params }, cookie: acme.users.admin.cookie, body });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not_found');
  });
});
