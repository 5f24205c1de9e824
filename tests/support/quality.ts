import { inArray } from 'drizzle-orm';
import * as batchRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/route';
import * as batchInspectionsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/inspections/route';
import * as releaseCheckRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/release-check/route';
import * as transitionsRoute from '@/app/api/v1/tenants/[tenant]/batches/[id]/transitions/route';
import * as batchesRoute from '@/app/api/v1/tenants/[tenant]/batches/route';
import * as inspectionRoute from '@/app/api/v1/tenants/[tenant]/inspections/[id]/route';
import * as reviewRoute from '@/app/api/v1/tenants/[tenant]/inspections/[id]/review/route';
import * as siteRoute from '@/app/api/v1/tenants/[tenant]/sites/[id]/route';
import * as sitesRoute from '@/app/api/v1/tenants/[tenant]/sites/route';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { call, createUserWithSession, unique, type TestTenant, type TestUser } from './fixtures';

/** Batch-record helpers for integration tests: everything goes through the real route handlers. */

export const TEST_PASSWORD = 'correct horse battery staple 11';
export type Role = keyof TestTenant['users'];

let hashed: Promise<string> | null = null;

/** Give every member of the test tenant the password TEST_PASSWORD, so they can sign. */
export async function giveTestPasswords(t: TestTenant): Promise<void> {
  const db = await getDb();
  hashed ??= hashPassword(TEST_PASSWORD);
  await db
    .update(users)
    .set({ passwordHash: await hashed })
    .where(
      inArray(
        users.id,
        Object.values(t.users).map((u) => u.id),
      ),
    );
}

/**
 * One more member of the test tenant with one or more default roles (a second QA person, say), with TEST_PASSWORD
 * and a live session; made once per tenant and label.
 */
const extraMembers = new WeakMap<TestTenant, Map<string, Promise<TestUser>>>();
export function anotherMember(t: TestTenant, roles: Role | Role[], label = `${[roles].flat().join('-')}2`): Promise<TestUser> {
  const made = extraMembers.get(t) ?? new Map<string, Promise<TestUser>>();
  extraMembers.set(t, made);
  if (!made.has(label)) {
    made.set(
      label,
      (async () => {
        const db = await getDb();
        const user = await createUserWithSession(`${label}-${t.slug}`);
        hashed ??= hashPassword(TEST_PASSWORD);
        await db
          .update(users)
          .set({ passwordHash: await hashed })
          .where(inArray(users.id, [user.id]));
        await db.transaction((tx) =>
          addMember(tx, { tenantId: t.id, userId: user.id, roleIds: [roles].flat().map((role) => t.roleIds[role]) }),
        );
        return user;
      })(),
    );
  }
  return made.get(label)!;
}

/** Who makes a call: the test tenant's member of that role, or any member. */
export type Who = Role | TestUser;

type Args = { params?: Record<string, string>; body?: unknown; url?: string };
const as = (t: TestTenant, who: Who, handler: Parameters<typeof call>[0], method: string, args: Args) =>
  call(handler, {
    method,
    params: { tenant: t.slug, ...args.params },
    cookie: typeof who === 'string' ? t.users[who].cookie : who.cookie,
    body: args.body,
    url: args.url,
  });

export const api = {
  createSite: (t: TestTenant, role: Who, body: unknown) => as(t, role, sitesRoute.POST, 'POST', { body }),
  listSites: (t: TestTenant, role: Who, query = '') => as(t, role, sitesRoute.GET, 'GET', { url: `http://localhost/api/test${query}` }),
  getSite: (t: TestTenant, role: Who, id: string) => as(t, role, siteRoute.GET, 'GET', { params: { id } }),
  updateSite: (t: TestTenant, role: Who, id: string, body: unknown) => as(t, role, siteRoute.PATCH, 'PATCH', { params: { id }, body }),
  createBatch: (t: TestTenant, role: Who, body: unknown) => as(t, role, batchesRoute.POST, 'POST', { body }),
  listBatches: (t: TestTenant, role: Who, query = '') => as(t, role, batchesRoute.GET, 'GET', { url: `http://localhost/api/test${query}` }),
  getBatch: (t: TestTenant, role: Who, id: string) => as(t, role, batchRoute.GET, 'GET', { params: { id } }),
  updateBatch: (t: TestTenant, role: Who, id: string, body: unknown) => as(t, role, batchRoute.PATCH, 'PATCH', { params: { id }, body }),
  transition: (t: TestTenant, role: Who, id: string, body: unknown) => as(t, role, transitionsRoute.POST, 'POST', { params: { id }, body }),
  releaseCheck: (t: TestTenant, role: Who, id: string) => as(t, role, releaseCheckRoute.GET, 'GET', { params: { id } }),
  listInspections: (t: TestTenant, role: Who, id: string) => as(t, role, batchInspectionsRoute.GET, 'GET', { params: { id } }),
  recordInspection: (t: TestTenant, role: Who, batchId: string, body: unknown) =>
    as(t, role, batchInspectionsRoute.POST, 'POST', { params: { id: batchId }, body }),
  getInspection: (t: TestTenant, role: Who, id: string) => as(t, role, inspectionRoute.GET, 'GET', { params: { id } }),
  review: (t: TestTenant, role: Who, id: string, body: unknown) => as(t, role, reviewRoute.POST, 'POST', { params: { id }, body }),
};

function ok<T = any>(res: { status: number; json: any }, what: string): T {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as T;
}

/** A valid GTIN-14 (check digit right). */
export const GTIN = '09506000134352';

// Upper case: the code is stored upper-cased, and the OpenAPI pattern describes the stored form.
export const siteBody = (over: Record<string, unknown> = {}) => ({ code: `S-${unique().toUpperCase()}`, name: 'Basel plant', ...over });
export const batchBody = (siteId: string, over: Record<string, unknown> = {}) => ({
  batchNumber: `L${unique()}`,
  productName: 'Paracetamol 500 mg',
  gtin: GTIN,
  siteId,
  plannedQuantity: 10000,
  expiresOn: '2028-06-30',
  ...over,
});

export const passingRelease = {
  type: 'release',
  lotSize: 10000,
  sampleSize: 200,
  characteristics: [{ name: 'Assay', unit: '%', lsl: 95, usl: 105, value: 99.8 }],
};
export const failingRelease = { ...passingRelease, characteristics: [{ name: 'Assay', unit: '%', lsl: 95, usl: 105, value: 93.1 }] };
export const sign = (meaning: string, password = TEST_PASSWORD) => ({ password, meaning });

export async function newSite(t: TestTenant, role: Who = 'admin'): Promise<string> {
  return ok(await api.createSite(t, role, siteBody()), 'create site').id;
}

export async function newBatch(t: TestTenant, options: { role?: Who; siteId?: string } = {}): Promise<string> {
  const siteId = options.siteId ?? (await newSite(t));
  return ok(await api.createBatch(t, options.role ?? 'operator', batchBody(siteId)), 'create batch').id;
}

/** Move a batch through the non-signed moves up to `to`, as `role` (default operator). */
export async function moveTo(t: TestTenant, batchId: string, to: 'in_production' | 'quarantined' | 'under_review', role: Who = 'operator') {
  const path = ['in_production', 'quarantined', 'under_review'];
  for (const step of path.slice(0, path.indexOf(to) + 1)) {
    const current = ok(await api.getBatch(t, role, batchId), 'get batch').status;
    if (path.indexOf(current) >= path.indexOf(step)) continue;
    ok(await api.transition(t, role, batchId, { to: step }), `move to ${step}`);
  }
}

export async function inspect(t: TestTenant, batchId: string, role: Who, body: unknown = passingRelease): Promise<any> {
  return ok(await api.recordInspection(t, role, batchId, body), 'record inspection');
}

export async function approve(t: TestTenant, inspectionId: string, role: Who = 'qa'): Promise<any> {
  return ok(await api.review(t, role, inspectionId, { decision: 'approve', signature: sign('approved') }), 'approve inspection');
}

/**
 * A batch under review with an approved, passing release inspection, ready for release: created and moved by the
 * operator, inspected by the admin, approved by a second QA person. QA (who took no part in it) may release it.
 */
export async function readyBatch(t: TestTenant): Promise<string> {
  const id = await newBatch(t);
  await moveTo(t, id, 'under_review');
  const inspection = await inspect(t, id, 'admin');
  await approve(t, inspection.id, await anotherMember(t, 'qa'));
  return id;
}
