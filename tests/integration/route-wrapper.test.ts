import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { revokeSession, SESSION_COOKIE } from '@/lib/auth/session';
import { route, tenantRoute } from '@/lib/http/route';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, unique } from '../support/fixtures';

// The route wrapper every /api/v1 handler uses, exercised through routes defined here.
let t: TestTenant;
let calls = 0;

const echo = route(
  {
    method: 'POST',
    path: '/api/v1/test/echo',
    summary: 'echo',
    access: 'authenticated',
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).optional() }),
    body: z.strictObject({ name: z.string().min(2), tags: z.array(z.string()).max(3).optional() }),
    status: 201,
  },
  async ({ body, query, actor }) => {
    calls++;
    return { name: body.name, limit: query.limit ?? null, actorId: actor?.id, call: calls };
  },
);

const publicPing = route({ method: 'GET', path: '/api/v1/test/ping', summary: 'ping', access: 'public' }, async () => ({ pong: true }));

const tenantThing = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/things',
    summary: 'thing',
    access: 'sites.manage',
    params: z.strictObject({ tenant: z.string() }),
    body: z.strictObject({ code: z.string().regex(/^[A-Z]{3}$/, 'Three capital letters.') }),
    status: 201,
  },
  async ({ ctx, body }) => ({ tenant: ctx.tenant.slug, code: body.code }),
);

const exploding = route({ method: 'GET', path: '/api/v1/test/boom', summary: 'boom', access: 'public' }, async () => {
  throw new Error('secret internal detail');
});

beforeAll(async () => {
  t = await createTenantWithMembers();
});

describe('route wrapper', () => {
  it('echoes a sane X-Request-ID and replaces an unsafe one', async () => {
    const given = await call(publicPing, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.status).toBe(200);
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const unsafe = await call(publicPing, { headers: { 'x-request-id': 'bad id with spaces <script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is 401 problem+json without a session, with a forged cookie, and with a revoked session', async () => {
    const none = await call(echo, { method: 'POST', body: { name: 'ok' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.json).toMatchObject({ code: 'unauthenticated', status: 401, requestId: none.headers.get('x-request-id') });
    const forged = await call(echo, { method: 'POST', body: { name: 'ok' }, cookie: `${SESSION_COOKIE}=not-a-jwt` });
    expect(forged.status).toBe(401);
    const user = await createUserWithSession('revoked');
    expect((await call(echo, { method: 'POST', body: { name: 'ok' }, cookie: user.cookie })).status).toBe(201);
    await revokeSession(await getDb(), user.sessionId);
    expect((await call(echo, { method: 'POST', body: { name: 'ok' }, cookie: user.cookie })).status).toBe(401);
  });

  it('parses body and query with zod, rejecting unknown fields and naming each bad field', async () => {
    const user = t.users.viewer;
    const ok = await call(echo, { method: 'POST', url: 'http://localhost/x?limit=5', body: { name: 'Ada' }, cookie: user.cookie });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ name: 'Ada', limit: 5, actorId: user.id });

    const unknownField = await call(echo, { method: 'POST', body: { name: 'Ada', admin: true }, cookie: user.cookie });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.errors).toEqual([{ path: 'admin', message: 'Unknown field: admin' }]);

    const badQuery = await call(echo, {
      method: 'POST',
      url: 'http://localhost/x?limit=900&x=1',
      body: { name: 'Ada' },
      cookie: user.cookie,
    });
    expect(badQuery.status).toBe(400);
    expect(badQuery.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.limit', 'query.x']);

    const nested = await call(echo, { method: 'POST', body: { name: 'A', tags: ['a', 'b', 'c', 'd'] }, cookie: user.cookie });
    expect(nested.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'tags']);

    const wrongType = await call(echo, { method: 'POST', body: ['not', 'an', 'object'], cookie: user.cookie });
    expect(wrongType.status).toBe(400);
  });

  it('answers malformed JSON 400, a non-JSON content type 415, and never 500', async () => {
    const user = t.users.viewer;
    const malformed = await call(echo, {
      method: 'POST',
      rawBody: '{"name":',
      headers: { 'content-type': 'application/json' },
      cookie: user.cookie,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe('validation_failed');
    const form = await call(echo, {
      method: 'POST',
      rawBody: 'name=Ada',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookie: user.cookie,
    });
    expect(form.status).toBe(415);
    const badUtf8 = await call(echo, {
      method: 'POST',
      rawBody: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      headers: { 'content-type': 'application/json' },
      cookie: user.cookie,
    });
    expect(badUtf8.status).toBe(400);
  });

  it('refuses bodies over 1 MiB with 413, whether or not Content-Length is declared', async () => {
    const user = t.users.viewer;
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    const declared = await call(echo, {
      method: 'POST',
      rawBody: big,
      headers: { 'content-type': 'application/json' },
      cookie: user.cookie,
    });
    expect(declared.status).toBe(413);
    expect(declared.json.code).toBe('payload_too_large');
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name":"'));
        if (sent > 20) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const streamed = await call(echo, {
      method: 'POST',
      rawBody: stream,
      headers: { 'content-type': 'application/json' },
      cookie: user.cookie,
    });
    expect(streamed.status).toBe(413);
  });

  it('replays a POST with the same Idempotency-Key instead of running it twice', async () => {
    const user = t.users.viewer;
    const key = `key-${unique()}`;
    const first = await call(echo, { method: 'POST', body: { name: 'Once' }, cookie: user.cookie, headers: { 'idempotency-key': key } });
    const second = await call(echo, { method: 'POST', body: { name: 'Once' }, cookie: user.cookie, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const different = await call(echo, {
      method: 'POST',
      body: { name: 'Other' },
      cookie: user.cookie,
      headers: { 'idempotency-key': key },
    });
    expect(different.status).toBe(409);
    expect(different.json.code).toBe('conflict');
    // The key belongs to its caller: another person using it runs their own request.
    const other = await call(echo, {
      method: 'POST',
      body: { name: 'Once' },
      cookie: t.users.qa.cookie,
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(201);
    expect(other.json.call).toBe(first.json.call + 1);
  });

  it('resolves the tenant from the path: member with permission ok, without 403, stranger 404', async () => {
    const url = `http://localhost/api/v1/tenants/${t.slug}/things`;
    const params = { tenant: t.slug };
    const ok = await call(tenantThing, { method: 'POST', url, params, body: { code: 'ABC' }, cookie: t.users.manager.cookie });
    expect(ok).toMatchObject({ status: 201, json: { tenant: t.slug, code: 'ABC' } });
    const forbidden = await call(tenantThing, { method: 'POST', url, params, body: { code: 'ABC' }, cookie: t.users.viewer.cookie });
    expect(forbidden.status).toBe(403);
    // A forbidden caller learns nothing from validation: 403 comes before 400.
    const forbiddenBad = await call(tenantThing, { method: 'POST', url, params, body: { code: 'bad' }, cookie: t.users.viewer.cookie });
    expect(forbiddenBad.status).toBe(403);
    const bad = await call(tenantThing, { method: 'POST', url, params, body: { code: 'bad' }, cookie: t.users.manager.cookie });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([{ path: 'code', message: 'Three capital letters.' }]);
    const stranger = await createUserWithSession('stranger');
    const notMember = await call(tenantThing, { method: 'POST', url, params, body: { code: 'ABC' }, cookie: stranger.cookie });
    expect(notMember.status).toBe(404);
  });

  it('hides internal errors behind a 500 problem with the request id', async () => {
    const res = await call(exploding, { headers: { 'x-request-id': 'boom-1' } });
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ code: 'internal_error', requestId: 'boom-1' });
    expect(JSON.stringify(res.json)).not.toContain('secret internal detail');
  });
});

describe('platform_admin access', () => {
  const adminOnly = route({ method: 'GET', path: '/api/v1/test/admin', summary: 'admin', access: 'platform_admin' }, async ({ actor }) => ({
    id: actor?.id,
  }));

  it('admits platform administrators only', async () => {
    const root = await createUserWithSession('root', { platformAdmin: true });
    expect(await call(adminOnly, { cookie: root.cookie })).toMatchObject({ status: 200, json: { id: root.id } });
    expect((await call(adminOnly, { cookie: t.users.admin.cookie })).status).toBe(403);
    expect((await call(adminOnly)).status).toBe(401);
  });
});
