import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as getTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { POST } from '@/app/api/v1/tenants/route';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { auditEvents, tenants } from '@/db/schema';
import { listMyTenants } from '@/lib/tenancy/list-my-tenants';
import { call, createUserWithSession, unique } from '../support/fixtures';

const url = 'http://localhost/api/v1/tenants';
const tenantCount = async () => (await (await getDb()).select({ n: count() }).from(tenants))[0].n;

describe('POST /api/v1/tenants', () => {
  it('creates a starter tenant with the default roles and makes the creator its admin', async () => {
    const user = await createUserWithSession('founder');
    const slug = `new-${unique()}`;
    const res = await call(POST, { method: 'POST', url, cookie: user.cookie, body: { slug, name: 'New Biotech' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ slug, name: 'New Biotech', plan: 'starter', status: 'active' });
    expect(await listMyTenants(user.id)).toEqual([{ slug, name: 'New Biotech', status: 'active', roles: ['admin'] }]);
    const read = await call(getTenant, { url: `${url}/${slug}`, params: { tenant: slug }, cookie: user.cookie });
    expect(read.status).toBe(200);
    const db = await getDb();
    const roles = rowsOf<{ name: string }>(await db.execute(sql`select name from roles where tenant_id = ${res.json.id} order by name`));
    expect(roles.map((r) => r.name)).toEqual(['admin', 'manager', 'operator', 'qa', 'viewer']);
    const platform = await db.select().from(auditEvents).where(eq(auditEvents.targetId, res.json.id));
    expect(platform.map((e) => [e.tenantId === null ? 'platform' : 'tenant', e.action]).sort()).toEqual([
      ['platform', 'tenant.created'],
      ['tenant', 'tenant.created'],
    ]);
  });

  it('is 401 signed out', async () => {
    const res = await call(POST, { method: 'POST', url, body: { slug: `x-${unique()}`, name: 'Nope' } });
    expect(res.status).toBe(401);
  });

  it('answers a taken slug with 409 naming the field, and bad input with 400, writing nothing', async () => {
    const user = await createUserWithSession('founder');
    const slug = `taken-${unique()}`;
    expect((await call(POST, { method: 'POST', url, cookie: user.cookie, body: { slug, name: 'First' } })).status).toBe(201);
    const before = await tenantCount();
    const taken = await call(POST, { method: 'POST', url, cookie: user.cookie, body: { slug, name: 'Second' } });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ code: 'conflict', errors: [{ path: 'slug' }] });
    for (const [body, field] of [
      [{ slug: 'Bad Slug', name: 'Fine' }, 'slug'],
      [{ slug: 'admin', name: 'Fine' }, 'slug'],
      [{ slug: `ok-${unique()}`, name: '' }, 'name'],
      [{ slug: `ok-${unique()}`, name: 'Fine', plan: 'enterprise' }, 'plan'],
      [{ name: 'Fine' }, 'slug'],
    ] as const) {
      const res = await call(POST, { method: 'POST', url, cookie: user.cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect(await tenantCount()).toBe(before);
  });

  it('lets exactly one of two racing requests have a slug', async () => {
    const [a, b] = [await createUserWithSession('racer'), await createUserWithSession('racer')];
    const slug = `race-${unique()}`;
    const results = await Promise.all(
      [a, b].map((u) => call(POST, { method: 'POST', url, cookie: u.cookie, body: { slug, name: 'Race' } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
