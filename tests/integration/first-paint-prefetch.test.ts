import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as memberRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { GET as memberPermissionsRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/permissions/route';
import { GET as notesRoute } from '@/app/api/v1/tenants/[tenant]/inspections/[id]/notes/route';
import { GET as auditRoute } from '@/app/api/v1/tenants/[tenant]/audit-events/route';
import { dehydrateEntries, firstPage, loadPrefetchQueries, type PrefetchQuery } from '@/components/providers/prefetch';
import { memberships } from '@/db/schema';
import type { Actor } from '@/lib/context';
import { getMemberPermissions } from '@/lib/access/member-permissions';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import { getBatch } from '@/lib/quality/get-batch';
import { listNotes } from '@/lib/quality/notes';
import { listInspections } from '@/lib/quality/list-inspections';
import { releaseCheck } from '@/lib/quality/release-check';
import { getMember } from '@/lib/tenancy/list-members';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant, type TestUser } from '../support/fixtures';
import { api, giveTestPasswords, readyBatch } from '../support/quality';

/**
 * The server's first paint (components/providers/prefetch.ts) puts into TanStack Query exactly the JSON the API
 * route answers for the same record and caller: compared here with a real call of each route handler.
 */
let t: TestTenant;
let other: TestTenant;
let batchId: string;

const actor = (user: TestUser): Actor => ({ type: 'user', id: user.id, name: user.name, email: user.email, isPlatformAdmin: false });
const meta = { requestId: 'first-paint-test' };

beforeAll(async () => {
  t = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers();
  await giveTestPasswords(t);
  batchId = await readyBatch(t);
});

describe('prefetch for the first paint', () => {
  it('loads a batch, its release check and its inspections as the API answers them', async () => {
    const queries: PrefetchQuery[] = [
      { key: ['batch', batchId], access: 'batches.read', load: (ctx) => getBatch(ctx, batchId) },
      { key: ['batch', batchId, 'release-check'], access: 'batches.read', load: (ctx) => releaseCheck(ctx, batchId) },
      {
        key: ['batch', batchId, 'inspections'],
        access: 'inspections.read',
        load: (ctx) => listInspections(ctx, batchId),
        select: (page: { data: unknown[] }) => page.data,
      },
    ];
    const loaded = await loadPrefetchQueries(actor(t.users.qa), t.slug, meta, queries);
    expect(loaded.notFound).toBe(false);
    expect(loaded.forbidden).toEqual([]);

    const batch = await api.getBatch(t, 'qa', batchId);
    const check = await api.releaseCheck(t, 'qa', batchId);
    const inspections = await api.listInspections(t, 'qa', batchId);
    expect([batch.status, check.status, inspections.status]).toEqual([200, 200, 200]);
    // The record has a status history and inspections with dates: all ISO strings, as on the wire.
    expect(batch.json.history.length).toBeGreaterThan(1);
    expect(inspections.json.data.length).toBeGreaterThan(0);
    expect(loaded.entries).toEqual([
      { key: ['batch', batchId], data: batch.json },
      { key: ['batch', batchId, 'release-check'], data: check.json },
      { key: ['batch', batchId, 'inspections'], data: inspections.json.data },
    ]);
    expect(typeof (loaded.entries[0].data as { createdAt: unknown }).createdAt).toBe('string');

    // The dehydrated state carries the same data under the same keys (what the client's cache starts with).
    const state = dehydrateEntries(loaded.entries);
    expect(state.queries.map((q) => [q.queryKey, q.state.data, q.state.status])).toEqual(
      loaded.entries.map((e) => [e.key, e.data, 'success']),
    );
    // And survives the trip to the browser unchanged (React serialises it as JSON).
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('loads a member and their effective permissions as the API answers them', async () => {
    const [row] = await withTenant(t.id, (tx) =>
      tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, t.users.viewer.id))),
    );
    const loaded = await loadPrefetchQueries(actor(t.users.admin), t.slug, meta, [
      { key: ['member', row.id], access: 'members.read', load: (ctx) => getMember(ctx, row.id) },
      { key: ['member', row.id, 'permissions'], access: 'members.read', load: (ctx) => getMemberPermissions(ctx, row.id) },
    ]);
    const params = { tenant: t.slug, id: row.id };
    const member = await call(memberRoute, { params, cookie: t.users.admin.cookie });
    const permissions = await call(memberPermissionsRoute, { params, cookie: t.users.admin.cookie });
    expect([member.status, permissions.status]).toEqual([200, 200]);
    expect(loaded.entries.map((e) => e.data)).toEqual([member.json, permissions.json]);
  });

  it('keeps an infinite list as its first page, as the panel’s useInfiniteQuery does', async () => {
    const inspections = await api.listInspections(t, 'qa', batchId);
    const inspectionId = inspections.json.data[0].id as string;
    const record = { type: 'inspection', id: inspectionId } as const;
    const loaded = await loadPrefetchQueries(actor(t.users.admin), t.slug, meta, [
      { key: ['notes'], access: 'inspections.read', load: (ctx) => listNotes(ctx, record, { limit: 20 }), select: firstPage },
      {
        key: ['history'],
        access: 'audit.read',
        load: (ctx) => listAuditEvents(ctx, { targetType: 'inspection', targetId: inspectionId, limit: 20 }),
        select: firstPage,
      },
    ]);
    const params = { tenant: t.slug, id: inspectionId };
    const notes = await call(notesRoute, { params, cookie: t.users.admin.cookie, url: 'http://localhost/api/test?limit=20' });
    const history = await call(auditRoute, {
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      url: `http://localhost/api/test?${new URLSearchParams({ targetType: 'inspection', targetId: inspectionId, limit: '20' })}`,
    });
    expect([notes.status, history.status]).toEqual([200, 200]);
    expect(history.json.data.length).toBeGreaterThan(0);
    expect(loaded.entries.map((e) => e.data)).toEqual([
      { pages: [notes.json], pageParams: [null] },
      { pages: [history.json], pageParams: [null] },
    ]);
  });

  it('says not found for an unknown id, another tenant’s record and a tenant the caller is not in', async () => {
    const unknown = await loadPrefetchQueries(actor(t.users.qa), t.slug, meta, [
      { key: ['batch'], access: 'batches.read', load: (ctx) => getBatch(ctx, randomUUID()) },
    ]);
    expect(unknown).toEqual({ entries: [], notFound: true, forbidden: [] });

    const foreign = await loadPrefetchQueries(actor(other.users.admin), other.slug, meta, [
      { key: ['batch'], access: 'batches.read', load: (ctx) => getBatch(ctx, batchId) },
    ]);
    expect(foreign.notFound).toBe(true);
    expect((await api.getBatch(other, 'admin', batchId)).status).toBe(404);

    const stranger = await loadPrefetchQueries(actor(other.users.admin), t.slug, meta, [
      { key: ['batch'], access: 'batches.read', load: (ctx) => getBatch(ctx, batchId) },
    ]);
    expect(stranger.notFound).toBe(true);
  });

  it('reports a missing permission without loading, and leaves other failures to the client', async () => {
    let loaded = false;
    const refused = await loadPrefetchQueries(actor(t.users.viewer), t.slug, meta, [
      {
        key: ['roles'],
        access: 'roles.manage',
        load: () => {
          loaded = true;
          return Promise.resolve([]);
        },
      },
      { key: ['batch', batchId], access: 'batches.read', load: (ctx) => getBatch(ctx, batchId) },
      { key: ['broken'], load: () => Promise.reject(new Error('boom')) },
      { key: ['skipped'], when: false, load: () => Promise.resolve('never') },
    ]);
    expect(loaded).toBe(false);
    expect(refused.notFound).toBe(false);
    expect(refused.forbidden).toEqual(['roles.manage']);
    expect(refused.entries.map((e) => e.key)).toEqual([['batch', batchId]]);
  });
});
