import { asc, count, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as listRoute from '@/app/api/v1/tenants/[tenant]/audit-events/route';
import * as verifyRoute from '@/app/api/v1/tenants/[tenant]/audit-events/verify/route';
import * as exportRoute from '@/app/api/v1/tenants/[tenant]/audit-events/export/route';
import { POST as createApiKeyRoute } from '@/app/api/v1/tenants/[tenant]/api-keys/route';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { CSV_COLUMNS, exportAuditEvents, type AuditExport } from '@/lib/audit/export-audit-events';
import { recordAudit, type AuditEntry } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { logger } from '@/lib/platform/logger';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { parseCsv } from '../support/csv';
import { call, createTenantWithMembers, type TestTenant, type TestUser } from '../support/fixtures';

/**
 * The tenant audit trail over the API (issue 6): list with filters and cursor, chain verification (and tampering
 * found at the right event), streamed CSV/JSON export (quoting, secrets, audited), and no way to edit or delete.
 */
type Role = keyof TestTenant['users'];
const ITEM_KEYS = [
  'action',
  'actor',
  'after',
  'before',
  'hash',
  'id',
  'ip',
  'occurredAt',
  'reason',
  'requestId',
  'targetId',
  'targetType',
  'userAgent',
];
const TRICKY_REASON = 'Line one, with a comma\nline two with "quotes" and a \r\ncarriage return; trailing comma,';
const SECRET_VALUES = ['hunter2-old-password', 'hunter2-new-password', 'ck_live_not_for_your_eyes', 'tok-very-secret'];

let t: TestTenant; // the tenant whose trail is filtered
let other: TestTenant; // another tenant, with events of its own

function as<T>(tenant: TestTenant, user: TestUser, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  return withTenantContext(
    { type: 'user', id: user.id, name: user.name, email: user.email, isPlatformAdmin: false },
    tenant.slug,
    { requestId: 'audit-events-test', ip: '203.0.113.7', userAgent: 'vitest' },
    fn,
  );
}

const record = (tenant: TestTenant, role: Role, entry: AuditEntry) => as(tenant, tenant.users[role], (ctx) => recordAudit(ctx, entry));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Handler = Parameters<typeof call>[0];
async function request(
  handler: Handler,
  tenant: TestTenant,
  sub: '' | '/verify' | '/export',
  options: { as?: TestUser; query?: Record<string, string>; method?: string; body?: unknown; pathTenant?: string } = {},
) {
  const slug = options.pathTenant ?? tenant.slug;
  const url = new URL(`http://localhost/api/v1/tenants/${slug}/audit-events${sub}`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  return call(handler, {
    method: options.method ?? 'GET',
    url: url.toString(),
    params: { tenant: slug },
    cookie: (options.as ?? tenant.users.admin).cookie,
    body: options.body,
  });
}
const list = (tenant: TestTenant, query: Record<string, string> = {}, as?: TestUser) => request(listRoute.GET, tenant, '', { query, as });
const actions = (res: { json: { data: Array<{ action: string }> } }) => res.json.data.map((e) => e.action);

/** Every event of a list query, following nextCursor. */
async function listAll(tenant: TestTenant, query: Record<string, string> = {}) {
  const out: Array<Record<string, any>> = [];
  let cursor: string | null = null;
  do {
    const res = await list(tenant, { ...query, ...(cursor ? { cursor } : {}) });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    out.push(...res.json.data);
    cursor = res.json.nextCursor;
  } while (cursor);
  return out;
}

const csvRecords = (text: string) => {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...CSV_COLUMNS]);
  for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  return rows.map((row) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]])) as Record<(typeof CSV_COLUMNS)[number], string>);
};

let firstBatchEnd: Date; // between the two batches of events in `t`
let secondBatchStart: Date;

beforeAll(async () => {
  t = await createTenantWithMembers();
  other = await createTenantWithMembers();
  // First batch, by the admin.
  await record(t, 'admin', {
    action: 'role.created',
    targetType: 'role',
    targetId: 'role-1',
    after: { name: 'Night QA', permissions: ['batches.read'] },
  });
  await record(t, 'admin', {
    action: 'role.updated',
    targetType: 'role',
    targetId: 'role-1',
    before: { name: 'Night QA', description: null },
    after: { name: 'Night QA, "senior"', description: 'multi\nline' },
    reason: TRICKY_REASON,
  });
  await record(t, 'admin', {
    action: 'member.updated',
    targetType: 'member',
    targetId: 'member-1',
    before: { password: SECRET_VALUES[0], apiKey: SECRET_VALUES[2], roles: ['viewer'] },
    after: { password: SECRET_VALUES[1], apiKey: null, roles: ['qa'], nested: { token: SECRET_VALUES[3] } },
  });
  const [last] = await withTenant(t.id, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .orderBy(sql`seq desc`)
      .limit(1),
  );
  firstBatchEnd = last.occurredAt; // to the millisecond, as the API shows it
  await sleep(15);
  // Second batch, by QA.
  await record(t, 'qa', { action: 'role.deleted', targetType: 'role', targetId: 'role-2', before: { name: 'Old role' } });
  await sleep(5);
  await record(t, 'qa', { action: 'thing.updated', targetType: 'thing', targetId: 'thing-1', after: { n: 1 } });
  await record(t, 'qa', { action: 'thing.updated', targetType: 'thing', targetId: 'thing-2', after: { n: 2 } });
  const [firstOfSecond] = await withTenant(t.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'role.deleted')));
  secondBatchStart = firstOfSecond.occurredAt;
  // The other tenant's events must never show up in t's trail.
  await record(other, 'admin', { action: 'role.created', targetType: 'role', targetId: 'role-1', after: { name: 'Elsewhere' } });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GET …/audit-events', () => {
  it('lists the tenant’s events newest first, items exactly as API.md lists them', async () => {
    const res = await list(t);
    expect(res.status).toBe(200);
    expect(actions(res)).toEqual(['thing.updated', 'thing.updated', 'role.deleted', 'member.updated', 'role.updated', 'role.created']);
    expect(res.json.nextCursor).toBeNull();
    for (const item of res.json.data) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
    const updated = res.json.data.find((e: { action: string }) => e.action === 'role.updated');
    expect(updated).toMatchObject({
      actor: { type: 'user', id: t.users.admin.id, name: t.users.admin.name },
      targetType: 'role',
      targetId: 'role-1',
      before: { name: 'Night QA', description: null },
      after: { name: 'Night QA, "senior"', description: 'multi\nline' },
      reason: TRICKY_REASON,
      requestId: 'audit-events-test',
      ip: '203.0.113.7',
      userAgent: 'vitest',
    });
    expect(updated.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(updated.occurredAt).toISOString()).toBe(updated.occurredAt);
    expect(JSON.stringify(res.json)).not.toContain('Elsewhere');
  });

  it('masks secrets (they were masked before writing)', async () => {
    const res = await list(t, { action: 'member.updated' });
    expect(res.json.data[0].before).toMatchObject({ password: '[redacted]', apiKey: '[redacted]' });
    expect(res.json.data[0].after).toMatchObject({ password: '[redacted]', nested: { token: '[redacted]' } });
    for (const secret of SECRET_VALUES) expect(JSON.stringify(res.json)).not.toContain(secret);
  });

  it('filters by action: exact, and a prefix ending in "." or "*"', async () => {
    expect(actions(await list(t, { action: 'role.updated' }))).toEqual(['role.updated']);
    expect(actions(await list(t, { action: 'role.' }))).toEqual(['role.deleted', 'role.updated', 'role.created']);
    expect(actions(await list(t, { action: 'role.*' }))).toEqual(['role.deleted', 'role.updated', 'role.created']);
    expect(actions(await list(t, { action: 'thing*' }))).toEqual(['thing.updated', 'thing.updated']);
    // Exact means exact: no partial matches, and LIKE wildcards are not accepted.
    expect(actions(await list(t, { action: 'role' }))).toEqual([]);
    expect(actions(await list(t, { action: 'role.update' }))).toEqual([]);
    expect((await list(t, { action: 'role_%' })).status).toBe(400);
  });

  it('filters by actorId, targetType, targetId, and combines filters', async () => {
    expect(actions(await list(t, { actorId: t.users.qa.id }))).toEqual(['thing.updated', 'thing.updated', 'role.deleted']);
    expect(actions(await list(t, { actorId: t.users.viewer.id }))).toEqual([]);
    expect(actions(await list(t, { targetType: 'role' }))).toEqual(['role.deleted', 'role.updated', 'role.created']);
    expect(actions(await list(t, { targetType: 'role', targetId: 'role-1' }))).toEqual(['role.updated', 'role.created']);
    expect((await list(t, { targetId: 'thing-2' })).json.data.map((e: { after: unknown }) => e.after)).toEqual([{ n: 2 }]);
    expect(actions(await list(t, { action: 'role.', actorId: t.users.admin.id, targetId: 'role-1' }))).toEqual([
      'role.updated',
      'role.created',
    ]);
  });

  it('filters by time: from and to (ISO times, or dates meaning the whole UTC day)', async () => {
    // `to` an event's own occurredAt (milliseconds; the database keeps microseconds) includes that event.
    expect(actions(await list(t, { to: firstBatchEnd.toISOString() }))).toEqual(['member.updated', 'role.updated', 'role.created']);
    expect(actions(await list(t, { from: secondBatchStart.toISOString() }))).toEqual(['thing.updated', 'thing.updated', 'role.deleted']);
    expect(actions(await list(t, { from: secondBatchStart.toISOString(), to: secondBatchStart.toISOString() }))).toEqual(['role.deleted']);
    // An offset other than Z is understood.
    const plusTwo = new Date(secondBatchStart.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    expect(actions(await list(t, { from: plusTwo }))).toEqual(['thing.updated', 'thing.updated', 'role.deleted']);
    const day = secondBatchStart.toISOString().slice(0, 10);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const previous = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await list(t, { from: day, to: day })).json.data).toHaveLength(6);
    expect((await list(t, { to: day })).json.data).toHaveLength(6);
    expect((await list(t, { from: next })).json.data).toHaveLength(0);
    expect((await list(t, { to: previous })).json.data).toHaveLength(0);
  });

  it('pages with the cursor: every event exactly once, even while new events are written', async () => {
    const pager = await createTenantWithMembers();
    for (let i = 0; i < 23; i++) await record(pager, 'admin', { action: 'page.event', targetId: `e-${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(pager, { limit: '5', ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.json.data.length).toBeLessThanOrEqual(5);
      seen.push(...res.json.data.map((e: { targetId: string }) => e.targetId));
      cursor = res.json.nextCursor;
      // Newer events arrive between pages; they are not on the following (older) pages.
      if (pages++ === 0) await record(pager, 'admin', { action: 'page.event', targetId: 'late' });
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `e-${22 - i}`));
    // Exactly a page's worth left: no empty last page.
    const all = await listAll(pager, { limit: '8' });
    expect(all).toHaveLength(24);
    expect(new Set(all.map((e) => e.id)).size).toBe(24);
  });

  it('answers 400 naming query.<field> for bad filters', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ limit: '0' }, 'query.limit'],
      [{ limit: '201' }, 'query.limit'],
      [{ limit: 'many' }, 'query.limit'],
      [{ cursor: 'not-a-cursor' }, 'query.cursor'],
      [{ cursor: Buffer.from(JSON.stringify({ seq: 'x' })).toString('base64url') }, 'query.cursor'],
      [{ from: 'yesterday' }, 'query.from'],
      [{ to: '2026-13-45' }, 'query.to'],
      [{ from: '2026-02-01', to: '2026-01-31' }, 'query.to'],
      [{ action: 'role.%' }, 'query.action'],
      [{ action: '' }, 'query.action'],
      [{ actorId: 'x'.repeat(101) }, 'query.actorId'],
      [{ sort: 'oldest' }, 'query.sort'],
    ];
    for (const [query, field] of cases) {
      const res = await list(t, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(
        res.json.errors.map((e: { path: string }) => e.path),
        JSON.stringify(query),
      ).toContain(field);
    }
  });

  it('needs audit.read: admin, manager and qa may; operator and viewer get 403', async () => {
    const outcome: Record<string, number> = {};
    for (const role of ['admin', 'manager', 'qa', 'operator', 'viewer'] as const) outcome[role] = (await list(t, {}, t.users[role])).status;
    expect(outcome).toEqual({ admin: 200, manager: 200, qa: 200, operator: 403, viewer: 403 });
    const res = await list(t, {}, t.users.viewer);
    expect(res.json.code).toBe('forbidden');
  });

  it("is 404 on another tenant's path, and 401 without credentials", async () => {
    const res = await request(listRoute.GET, t, '', { pathTenant: other.slug });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not_found');
    expect((await request(listRoute.GET, t, '', { pathTenant: 'no-such-tenant' })).status).toBe(404);
    const anonymous = await call(listRoute.GET, {
      url: `http://localhost/api/v1/tenants/${t.slug}/audit-events`,
      params: { tenant: t.slug },
    });
    expect(anonymous.status).toBe(401);
  });

  it('logs one line per request with the tenant slug', async () => {
    const info = vi.spyOn(logger, 'info');
    const res = await list(t, {}, t.users.qa);
    const line = info.mock.calls
      .map((args) => args[0] as Record<string, unknown>)
      .find((entry) => entry?.path === `/api/v1/tenants/${t.slug}/audit-events`);
    expect(line).toMatchObject({
      requestId: res.headers.get('x-request-id'),
      method: 'GET',
      status: 200,
      actorId: t.users.qa.id,
      tenant: t.slug,
    });
    expect(typeof line?.durationMs).toBe('number');
  });
});

describe('GET …/audit-events/verify', () => {
  it('reports a valid chain, then the tampered event after an owner edits one', async () => {
    const victim = await createTenantWithMembers();
    for (let i = 0; i < 5; i++) await record(victim, 'admin', { action: `step.${i}`, after: { step: i } });
    const ok = await request(verifyRoute.GET, victim, '/verify', { as: victim.users.qa });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ valid: true, checked: 5 });

    const events = await withTenant(victim.id, (tx) => tx.select().from(auditEvents).orderBy(asc(auditEvents.seq)));
    const target = events[3];
    // As the owner, bypassing the append-only trigger for this one statement (atomic: others never see it off).
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
      await tx.execute(sql`update audit_events set reason = 'nobody saw this' where id = ${target.id}`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    });
    const broken = await request(verifyRoute.GET, victim, '/verify', { as: victim.users.admin });
    expect(broken.status).toBe(200);
    expect(broken.json).toEqual({ valid: false, checked: 5, brokenAt: { id: target.id, seq: 4 } });
    // Another tenant's chain is untouched.
    expect((await request(verifyRoute.GET, t, '/verify')).json).toEqual({ valid: true, checked: expect.any(Number) });
  });

  it('needs audit.read, and is 404 on another tenant’s path', async () => {
    const outcome: Record<string, number> = {};
    for (const role of ['admin', 'manager', 'qa', 'operator', 'viewer'] as const) {
      outcome[role] = (await request(verifyRoute.GET, t, '/verify', { as: t.users[role] })).status;
    }
    expect(outcome).toEqual({ admin: 200, manager: 200, qa: 200, operator: 403, viewer: 403 });
    expect((await request(verifyRoute.GET, t, '/verify', { pathTenant: other.slug })).status).toBe(404);
  });
});

describe('GET …/audit-events/export', () => {
  const exportAs = (role: Role, query: Record<string, string> = {}) => request(exportRoute.GET, t, '/export', { as: t.users[role], query });

  it('streams CSV: a header row, one record per filtered event, commas, quotes and line breaks quoted', async () => {
    const res = await exportAs('qa', { action: 'role.' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const today = new Date().toISOString().slice(0, 10);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="audit-events-${t.slug}-${today}.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const records = csvRecords(res.json as string);
    // Oldest first, only the filtered events.
    expect(records.map((r) => r.action)).toEqual(['role.created', 'role.updated', 'role.deleted']);
    const updated = records[1];
    expect(updated.reason).toBe(TRICKY_REASON);
    expect(JSON.parse(updated.before)).toEqual({ name: 'Night QA', description: null });
    expect(JSON.parse(updated.after)).toEqual({ name: 'Night QA, "senior"', description: 'multi\nline' });
    expect(updated).toMatchObject({
      actorType: 'user',
      actorId: t.users.admin.id,
      actorName: t.users.admin.name,
      targetType: 'role',
      targetId: 'role-1',
      ip: '203.0.113.7',
      userAgent: 'vitest',
    });
    // The same events as the list, field for field.
    const listed = (await list(t, { action: 'role.' })).json.data.reverse();
    expect(records.map((r) => [r.id, r.occurredAt, r.hash])).toEqual(listed.map((e: any) => [e.id, e.occurredAt, e.hash]));
    expect(records.map((r) => Number(r.seq))).toEqual([...records.map((r) => Number(r.seq))].sort((a, b) => a - b));
    // The raw text: the reason is one quoted field with its quotes doubled.
    expect(res.json).toContain('"Line one, with a comma\nline two with ""quotes"" and a \r\ncarriage return; trailing comma,"');
    // A missing value is an empty field, not "null".
    expect(records[0].reason).toBe('');
    expect(res.json).not.toMatch(/,null,/);
  });

  it("defuses spreadsheet formulas: a text cell beginning with =, +, -, @, tab or CR gets a leading ' (JSON stays verbatim)", async () => {
    const own = await createTenantWithMembers();
    const formulas = ["=cmd|' /C calc'!A0", '+1+cmd|calc', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];
    for (const [i, reason] of formulas.entries()) {
      await record(own, 'admin', {
        action: 'csvformula.tested',
        targetType: 'formula',
        targetId: i === 0 ? '=HYPERLINK("http://evil.example")' : `f${i}`,
        reason,
      });
    }
    await record(own, 'admin', {
      action: 'csvformula.tested',
      targetType: 'formula',
      targetId: 'plain',
      reason: 'Plain text, a-b and 1=1 inside',
    });
    const res = await request(exportRoute.GET, own, '/export', { query: { action: 'csvformula.' } });
    expect(res.status).toBe(200);
    const records = csvRecords(res.json as string);
    expect(records.map((r) => r.reason)).toEqual([...formulas.map((f) => `'${f}`), 'Plain text, a-b and 1=1 inside']);
    expect(records[0].targetId).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(records.map((r) => r.targetId).slice(1)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'plain']);
    // No record's cell begins with a formula character; sequence numbers stay plain numbers.
    for (const r of records) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(records.every((r) => /^\d+$/.test(r.seq))).toBe(true);
    const json = await request(exportRoute.GET, own, '/export', { query: { action: 'csvformula.', format: 'json' } });
    expect((json.json as Array<{ reason: string }>).map((e) => e.reason).slice(0, formulas.length)).toEqual(formulas);
  });

  it('streams JSON: an array of the list’s items with seq and prevHash', async () => {
    const res = await exportAs('admin', { format: 'json', targetType: 'role', targetId: 'role-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="audit-events-${t.slug}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
    );
    const items = res.json as Array<Record<string, any>>;
    expect(Array.isArray(items)).toBe(true);
    expect(items.map((e) => e.action)).toEqual(['role.created', 'role.updated']);
    expect(Object.keys(items[0]).sort()).toEqual([...ITEM_KEYS, 'prevHash', 'seq'].sort());
    const listed = (await list(t, { targetType: 'role', targetId: 'role-1' })).json.data.reverse();
    expect(items.map(({ seq: _seq, prevHash: _prev, ...item }) => item)).toEqual(listed);
    expect(items[1].prevHash).toBe(items[0].hash);
    // Nothing matches: still a valid, empty array.
    const none = await exportAs('admin', { format: 'json', action: 'nothing.here' });
    expect(none.json).toEqual([]);
    const noneCsv = await exportAs('admin', { action: 'nothing.here' });
    expect(noneCsv.json).toBe(CSV_COLUMNS.join(',') + '\r\n');
  });

  it('never contains secrets, including an API key created through the API', async () => {
    const key = await call(createApiKeyRoute, {
      method: 'POST',
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: { name: 'export-check', permissions: ['tenant.read'] },
    });
    expect(key.status).toBe(201);
    for (const format of ['csv', 'json']) {
      const res = await exportAs('admin', { format });
      const text = typeof res.json === 'string' ? res.json : JSON.stringify(res.json);
      expect(text).toContain('api_key.created');
      expect(text).toContain('[redacted]');
      expect(text).not.toContain(key.json.key);
      for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
    }
  });

  it('is itself audited: audit.exported with the format and filters, by the exporter, not in its own file', async () => {
    const res = await exportAs('qa', { format: 'json', action: 'thing.', from: secondBatchStart.toISOString() });
    expect(res.status).toBe(200);
    expect((res.json as Array<{ action: string }>).map((e) => e.action)).toEqual(['thing.updated', 'thing.updated']);
    const [event] = (await list(t, { action: 'audit.exported', limit: '1' })).json.data;
    expect(event).toMatchObject({
      actor: { type: 'user', id: t.users.qa.id },
      action: 'audit.exported',
      targetType: 'audit_trail',
      after: {
        format: 'json',
        filters: { action: 'thing.', from: secondBatchStart.toISOString() },
        throughSeq: Number(res.headers.get('x-audit-through-seq')),
      },
    });
    // A full export holds the earlier exports, never itself.
    const full = await exportAs('admin', { format: 'json' });
    const seqs = (full.json as Array<{ seq: number }>).map((e) => e.seq);
    expect(Math.max(...seqs)).toBe(Number(full.headers.get('x-audit-through-seq')));
    const [own] = (await list(t, { action: 'audit.exported', limit: '1' })).json.data;
    expect((full.json as Array<{ id: string }>).map((e) => e.id)).not.toContain(own.id);
    expect((await request(verifyRoute.GET, t, '/verify')).json.valid).toBe(true);
  });

  it('reads page by page after the request’s transaction has ended (pages of 2 = pages of 2,000)', async () => {
    const read = async (format: 'csv' | 'json', pageSize?: number) => {
      const file: AuditExport = await as(t, t.users.admin, (ctx) => exportAuditEvents(ctx, { format, targetType: 'role' }, { pageSize }));
      // The tenant transaction is over; the stream opens its own, one per page.
      return new Response(file.stream).text();
    };
    for (const format of ['csv', 'json'] as const) {
      const small = await read(format, 2);
      expect(small).toBe(await read(format));
      if (format === 'json') expect(JSON.parse(small)).toHaveLength(3);
      else expect(csvRecords(small)).toHaveLength(3);
    }
  });

  it('needs audit.export: admin and qa may; manager (audit.read only), operator and viewer get 403, and nothing is recorded', async () => {
    const exportsBefore = await countAction(t, 'audit.exported');
    const outcome: Record<string, number> = {};
    for (const role of ['admin', 'manager', 'qa', 'operator', 'viewer'] as const) outcome[role] = (await exportAs(role)).status;
    expect(outcome).toEqual({ admin: 200, manager: 403, qa: 200, operator: 403, viewer: 403 });
    expect(await countAction(t, 'audit.exported')).toBe(exportsBefore + 2);
  });

  it('is 404 on another tenant’s path and 400 naming the field for bad input, recording nothing', async () => {
    const exportsBefore = await countAction(t, 'audit.exported');
    const res = await request(exportRoute.GET, t, '/export', { pathTenant: other.slug });
    expect(res.status).toBe(404);
    for (const [query, field] of [
      [{ format: 'xml' }, 'query.format'],
      [{ from: 'last week' }, 'query.from'],
      [{ from: '2026-02-01', to: '2026-01-01' }, 'query.to'],
      [{ limit: '10' }, 'query.limit'],
    ] as const) {
      const bad = await exportAs('admin', query);
      expect(bad.status, JSON.stringify(query)).toBe(400);
      expect(bad.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect(await countAction(t, 'audit.exported')).toBe(exportsBefore);
  });
});

describe('no route edits or deletes an event', () => {
  const modules = [
    ['', listRoute],
    ['/verify', verifyRoute],
    ['/export', exportRoute],
  ] as const;

  it.each(modules)('PUT, PATCH and DELETE on …/audit-events%s answer 405 method_not_allowed', async (sub, mod) => {
    const before = await countAll(t);
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      for (const role of ['admin', 'viewer'] as const) {
        // With a body that would edit an event, and without one: refused as a method, whatever it carries.
        for (const body of [{ reason: 'edited', after: { n: 99 } }, undefined]) {
          const res = await request(mod[method], t, sub, { method, as: t.users[role], body });
          expect(res.status, `${method} ${sub} as ${role}`).toBe(405);
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
          expect(res.json).toMatchObject({ status: 405, code: 'method_not_allowed', title: 'Method Not Allowed' });
          expect(res.json.requestId).toBe(res.headers.get('x-request-id'));
        }
      }
      // Strangers learn nothing about the tenant: 404, as everywhere.
      const stranger = await request(mod[method], t, sub, { method, pathTenant: other.slug });
      expect(stranger.status).toBe(404);
    }
    const options = await mod.OPTIONS();
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    // Nothing changed, and the chain is intact.
    expect(await countAll(t)).toBe(before);
    expect((await request(verifyRoute.GET, t, '/verify')).json.valid).toBe(true);
  });

  it('exports no other methods than GET, the 405s and OPTIONS', () => {
    // POST is the generic 405 of every route file (lib/http/method-not-allowed.ts methodsNotAllowed).
    for (const [, mod] of modules) expect(Object.keys(mod).sort()).toEqual(['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
  });
});

async function countAction(tenant: TestTenant, action: string): Promise<number> {
  const [{ n }] = await withTenant(tenant.id, (tx) => tx.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, action)));
  return Number(n);
}

async function countAll(tenant: TestTenant): Promise<number> {
  const [{ n }] = await withTenant(tenant.id, (tx) => tx.select({ n: count() }).from(auditEvents));
  return Number(n);
}
