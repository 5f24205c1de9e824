import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as dashboardRoute from '@/app/api/v1/tenants/[tenant]/dashboard/route';
import { getDb } from '@/db/client';
import { batches, inspections } from '@/db/schema';
import { isoWeekLabel, isoWeekStart } from '@/lib/quality/dashboard';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import {
  api,
  failingRelease,
  giveTestPasswords,
  inspect,
  moveTo,
  newBatch,
  newSite,
  readyBatch,
  sign,
  type Role,
} from '../support/quality';

let t: TestTenant;
let other: TestTenant;
let released: string;
let awaiting: { failing: string; passing: string };

const dashboard = (role: Role, tenant = t, as = t) =>
  call(dashboardRoute.GET, { params: { tenant: tenant.slug }, cookie: as.users[role].cookie });
const backdate = async (inspectionId: string, weeks: number) =>
  (await getDb())
    .update(inspections)
    .set({ performedAt: sql`now() - ${`${weeks * 7} days`}::interval` })
    .where(eq(inspections.id, inspectionId));

beforeAll(async () => {
  t = await createTenantWithMembers('enterprise');
  other = await createTenantWithMembers();
  await giveTestPasswords(t);
  const siteId = await newSite(t);
  await newBatch(t, { siteId }); // planned
  const producing = await newBatch(t, { siteId });
  await moveTo(t, producing, 'in_production');
  released = await readyBatch(t); // one approved, passing release inspection
  expect(
    (await api.transition(t, 'qa', released, { to: 'released', reason: 'Meets specification', signature: sign('released') })).status,
  ).toBe(200);

  const reviewing = await newBatch(t, { siteId });
  await moveTo(t, reviewing, 'under_review');
  const failing = (await inspect(t, reviewing, 'admin', failingRelease)).id;
  const passing = (await inspect(t, reviewing, 'operator')).id;
  awaiting = { failing, passing };
  await backdate(failing, 3); // three weeks ago: older, so first among those awaiting review
  const ancient = (await inspect(t, reviewing, 'operator')).id;
  await backdate(ancient, 13); // outside the 12 weeks
  // Another tenant's records never count.
  await inspect(other, await newBatch(other), 'admin', failingRelease);
});

describe('dashboard', () => {
  it('counts batches by status, every state listed', async () => {
    const res = await dashboard('viewer');
    expect(res.status).toBe(200);
    const counts = Object.fromEntries(res.json.batchesByStatus.map((r: { status: string; count: number }) => [r.status, r.count]));
    expect(counts).toEqual({ planned: 1, in_production: 1, quarantined: 0, under_review: 1, released: 1, rejected: 0, recalled: 0 });
    expect(res.json.totalBatches).toBe(4);
  });

  it('lists inspections awaiting review, oldest first, with their batch', async () => {
    const { awaitingReview } = (await dashboard('qa')).json;
    expect(awaitingReview.count).toBe(3);
    expect(awaitingReview.oldest.map((i: { id: string }) => i.id).slice(1)).toEqual([awaiting.failing, awaiting.passing]);
    expect(awaitingReview.oldest[1]).toMatchObject({
      result: 'fail',
      type: 'release',
      performedBy: { id: t.users.admin.id },
      batch: { batchNumber: expect.any(String) },
    });
  });

  it('gives the pass rate of each of the last 12 ISO weeks, the current one last', async () => {
    const { passRate } = (await dashboard('operator')).json;
    expect(passRate).toHaveLength(12);
    const thisWeek = isoWeekStart(new Date());
    expect(passRate.at(-1)).toMatchObject({ week: isoWeekLabel(thisWeek), weekStart: thisWeek.toISOString().slice(0, 10) });
    // This week: the approved one and the passing one (both pass); three weeks ago: the failing one.
    expect(passRate.at(-1)).toMatchObject({ inspections: 2, passed: 2, rate: 1 });
    expect(passRate.at(-4)).toMatchObject({ inspections: 1, passed: 0, rate: 0 });
    expect(passRate.filter((w: { inspections: number }) => w.inspections === 0).every((w: { rate: unknown }) => w.rate === null)).toBe(
      true,
    );
    expect(passRate.reduce((n: number, w: { inspections: number }) => n + w.inspections, 0)).toBe(3); // 13 weeks ago is out
    const mondays = passRate.map((w: { weekStart: string }) => new Date(`${w.weekStart}T00:00:00Z`).getUTCDay());
    expect(new Set(mondays)).toEqual(new Set([1]));
  });

  it('shows recent signatures newest first with their batch, and a record changed behind the application as no longer valid', async () => {
    const before = (await dashboard('viewer')).json.recentSignatures;
    expect(before.map((s: { meaning: string }) => s.meaning)).toEqual(['released', 'approved']);
    expect(before[0]).toMatchObject({
      signer: { id: t.users.qa.id, name: t.users.qa.name },
      record: { type: 'batch', id: released },
      batch: { id: released },
      valid: true,
    });
    expect(before[1]).toMatchObject({ record: { type: 'inspection' }, batch: { id: released }, valid: true });
    // A released batch takes no corrections; a change made directly in the database shows.
    expect((await api.updateBatch(t, 'operator', released, { plannedQuantity: 777, reason: 'Recounted' })).status).toBe(409);
    await (await getDb()).update(batches).set({ plannedQuantity: 777 }).where(eq(batches.id, released));
    const after = (await dashboard('viewer')).json.recentSignatures;
    expect(after[0]).toMatchObject({ meaning: 'released', valid: false });
    expect(after[1]).toMatchObject({ meaning: 'approved', valid: true });
  });

  it("is 404 on another tenant's path", async () => {
    const res = await dashboard('admin', other, t);
    expect(res.status).toBe(404);
  });
});

describe('ISO weeks', () => {
  it('start on Monday (UTC) and are labelled by ISO year and week', () => {
    expect(isoWeekStart(new Date('2026-12-01T10:00:00Z')).toISOString().slice(0, 10)).toBe('2026-11-30');
    expect(isoWeekLabel(isoWeekStart(new Date('2026-12-01T10:00:00Z')))).toBe('2026-W49');
    expect(isoWeekLabel(isoWeekStart(new Date('2021-01-03T23:59:00Z')))).toBe('2020-W53');
    expect(isoWeekLabel(isoWeekStart(new Date('2024-12-30T00:00:00Z')))).toBe('2025-W01');
    expect(isoWeekLabel(isoWeekStart(new Date('2026-01-01T00:00:00Z')))).toBe('2026-W01');
  });
});
