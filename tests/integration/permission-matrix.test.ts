import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRouteModules } from '@/app/api/v1/routes';
import { memberships, serials } from '@/db/schema';
import { DEFAULT_ROLES } from '@/lib/access/permissions';
import type { RouteHandler } from '@/lib/http/route';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { insertRandomSerials } from '@/lib/serials/jobs';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, unique } from '../support/fixtures';
import { batchBody, giveTestPasswords, GTIN, inspect, passingRelease, sign, siteBody } from '../support/quality';

/**
 * The permission matrix, generated from the route registry and the role table of API.md: every
 * /api/v1/tenants/{tenant}/… operation × every default role gives the success status when the role holds
 * the route's permission and 403 when it does not; another tenant's ids (and another tenant's path) are 404.
 * Each operation has a fixture below that makes a fresh, valid request; a new route without one fails here.
 */
/** `access`: what this fixture's operation needs when the route's own access is coarser (a transition's move); `query`: its query string. */
type Prepared = { params: Record<string, string>; body?: unknown; access?: string; query?: Record<string, string>; rawBody?: BodyInit };
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
// Batch records: each fixture gets fresh records, made by people who do not trip segregation of duties.
const freshSite = async (t: TestTenant) => (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/sites', {}, siteBody())).id as string;
const freshBatch = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/batches', {}, batchBody(await freshSite(t)))).id as string;
const freshInspection = async (t: TestTenant) => (await inspect(t, await freshBatch(t), 'admin')).id as string;
// Notes and attachments: a small PDF as the raw upload body.
const pdfBytes = () => new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const freshAttachment = async (t: TestTenant) => {
  const res = await call(handler('POST', '/api/v1/tenants/{tenant}/batches/{id}/attachments'), {
    method: 'POST',
    params: { tenant: t.slug, id: await freshBatch(t) },
    cookie: t.users.admin.cookie,
    rawBody: pdfBytes(),
    url: 'http://localhost/api/test?fileName=coa.pdf',
  });
  if (res.status !== 201) throw new Error(`fixture attachment failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.id as string;
};
// Serials: a job through the API; a serial stored directly (as a finished job would), so status fixtures need no wait.
const freshJob = async (t: TestTenant) =>
  (await asAdmin(t, 'POST', '/api/v1/tenants/{tenant}/batches/{id}/serials', { id: await freshBatch(t) }, { count: 1 })).jobId as string;
const freshSerial = async (t: TestTenant) => {
  const batchId = await freshBatch(t);
  const serial = await withTenant(t.id, async (tx) => {
    await insertRandomSerials(tx, t.id, { gtin: GTIN, batchId }, 1);
    return (await tx.select({ serial: serials.serial }).from(serials).where(eq(serials.batchId, batchId)))[0].serial;
  });
  return { batchId, serial };
};
const urlOf = (query?: Record<string, string>) => (query ? `http://localhost/api/test?${new URLSearchParams(query)}` : undefined);
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
  'GET /api/v1/tenants/{tenant}/sites': async () => ({ params: {} }),
  'POST /api/v1/tenants/{tenant}/sites': async () => ({ params: {}, body: siteBody() }),
  'GET /api/v1/tenants/{tenant}/sites/{id}': async (t) => ({ params: { id: await freshSite(t) } }),
  'PATCH /api/v1/tenants/{tenant}/sites/{id}': async (t) => ({ params: { id: await freshSite(t) }, body: { name: 'Renamed plant', reason: 'New name' } }),
  'GET /api/v1/tenants/{tenant}/batches': async () => ({ params: {} }),
  'POST /api/v1/tenants/{tenant}/batches': async (t) => ({ params: {}, body: batchBody(await freshSite(t)) }),
  'GET /api/v1/tenants/{tenant}/batches/{id}': async (t) => ({ params: { id: await freshBatch(t) } }),
  'PATCH /api/v1/tenants/{tenant}/batches/{id}': async (t) => ({ params: { id: await freshBatch(t) }, body: { productName: 'Corrected', reason: 'Typo in the name' } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/transitions': async (t) => ({
    params: { id: await freshBatch(t) },
    body: { to: 'in_production' },
    access: 'batches.transition',
  }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/release-check': async (t) => ({ params: { id: await freshBatch(t) } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/inspections': async (t) => ({ params: { id: await freshBatch(t) } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/inspections': async (t) => ({ params: { id: await freshBatch(t) }, body: passingRelease }),
  'GET /api/v1/tenants/{tenant}/inspections/{id}': async (t) => ({ params: { id: await freshInspection(t) } }),
  'POST /api/v1/tenants/{tenant}/inspections/{id}/review': async (t) => ({
    params: { id: await freshInspection(t) },
    body: { decision: 'approve', signature: sign('approved') },
  }),
  'GET /api/v1/tenants/{tenant}/sample-size': async () => ({ params: {}, query: { lotSize: '500' } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/notes': async (t) => ({ params: { id: await freshBatch(t) } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/notes': async (t) => ({ params: { id: await freshBatch(t) }, body: { body: 'Line clearance done.' } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/attachments': async (t) => ({ params: { id: await freshBatch(t) } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/attachments': async (t) => ({ params: { id: await freshBatch(t) }, rawBody: pdfBytes() }),
  'GET /api/v1/tenants/{tenant}/inspections/{id}/notes': async (t) => ({ params: { id: await freshInspection(t) } }),
  'POST /api/v1/tenants/{tenant}/inspections/{id}/notes': async (t) => ({ params: { id: await freshInspection(t) }, body: { body: 'Sample retained.' } }),
  'GET /api/v1/tenants/{tenant}/inspections/{id}/attachments': async (t) => ({ params: { id: await freshInspection(t) } }),
  'POST /api/v1/tenants/{tenant}/inspections/{id}/attachments': async (t) => ({ params: { id: await freshInspection(t) }, rawBody: pdfBytes() }),
  'GET /api/v1/tenants/{tenant}/attachments/{id}': async (t) => ({ params: { id: await freshAttachment(t) }, access: 'batches.read' }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/export': async (t) => ({ params: { id: await freshBatch(t) }, query: { format: 'json' } }),
  'GET /api/v1/tenants/{tenant}/dashboard': async () => ({ params: {} }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/serials': async (t) => ({ params: { id: (await freshSerial(t)).batchId }, query: { status: 'commissioned' } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/serials': async (t) => ({ params: { id: await freshBatch(t) }, body: { count: 1 } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/serials/export': async (t) => ({ params: { id: (await freshSerial(t)).batchId } }),
  'POST /api/v1/tenants/{tenant}/batches/{id}/serials/status': async (t) => {
    const { batchId, serial } = await freshSerial(t);
    return { params: { id: batchId }, body: { to: 'released', reason: 'Released to the wholesaler', serials: [serial] } };
  },
  'GET /api/v1/tenants/{tenant}/jobs/{id}': async (t) => ({ params: { id: await freshJob(t) } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/serial-jobs': async (t) => ({ params: { id: await freshBatch(t) }, query: { limit: '1' } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/serials/summary': async (t) => ({ params: { id: (await freshSerial(t)).batchId } }),
  'GET /api/v1/tenants/{tenant}/batches/{id}/serials/{serial}': async (t) => {
    const { batchId, serial } = await freshSerial(t);
    return { params: { id: batchId, serial } };
  },
  'GET /api/v1/tenants/{tenant}/audit-events': async () => ({ params: {} }),
  'GET /api/v1/tenants/{tenant}/audit-events/verify': async () => ({ params: {} }),
  'GET /api/v1/tenants/{tenant}/audit-events/export': async () => ({ params: {} }),
  // The trail is append-only: every member gets 405 (status 405 in the spec), strangers 404.
  ...Object.fromEntries(
    ['', '/verify', '/export'].flatMap((sub) =>
      ['PUT', 'PATCH', 'DELETE'].map((method) => [`${method} /api/v1/tenants/{tenant}/audit-events${sub}`, async () => ({ params: {} })]),
    ),
  ),
};

const holds = (role: (typeof ROLES)[number], access: string) =>
  access === 'member' || DEFAULT_ROLES.find((r) => r.name === role)!.permissions.includes(access as never);

let acme: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  // Unlimited seats: the fixtures add members and invitations for every role of every operation.
  acme = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers('enterprise');
  for (const t of [acme, other]) await giveTestPasswords(t); // signatures re-enter a password
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
      outcomes.push(`${role}:${res.status}${res.status >= 400 && res.status !== want ? ` ${res.json?.detail ?? ''}` : ''}`);
      expected.push(`${role}:${want}`);
    }
    expect(outcomes).toEqual(expected);
  });
});

describe('another tenant: its ids and its path are 404', () => {
  it.each(ops.map((o) => [o.key, o] as const))('%s', async (_key, op) => {
    const { params, body, access, query, rawBody } = await FIXTURES[op.key](other);
    // Ours, our tenant's path, the other tenant's ids: the admin, or a role that holds what the admin lacks.
    const ours = acme.users[ROLES.find((r) => holds(r, access ?? op.spec.access))!];
    if (Object.keys(params).length > 0) {
      const res = await call(op.handler, { method: op.spec.method, params: { tenant: acme.slug, ...params }, cookie: ours.cookie, body, url: urlOf(query), rawBody });
      expect(res.status, JSON.stringify(res.json)).toBe(404);
    }
    // Our admin on the other tenant's path.
    const res = await call(op.handler, { method: op.spec.method, params: { tenant: other.slug, ...params }, cookie: ours.cookie, body, url: urlOf(query), rawBody });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not_found');
  });
});
