import { describe, expect, it } from 'vitest';
import { GET as docsAsset } from '@/app/api/docs/[asset]/route';
import { GET as docs } from '@/app/api/docs/route';
import { GET as health } from '@/app/api/health/route';
import { GET as openapi } from '@/app/api/openapi.json/route';
import { GET as me } from '@/app/api/v1/me/route';
import { call, createTenantWithMembers, createUserWithSession } from '../support/fixtures';

describe('public endpoints', () => {
  it('GET /api/health', async () => {
    const res = await call(async () => health());
    expect(res).toMatchObject({ status: 200, json: { status: 'ok' } });
  });

  it('GET /api/openapi.json is OpenAPI 3.1 generated from the routes, with access and errors', async () => {
    const res = await call(async () => openapi());
    expect(res.status).toBe(200);
    const doc = res.json;
    expect(doc.openapi).toBe('3.1.0');
    const patch = doc.paths['/api/v1/tenants/{tenant}'].patch;
    expect(patch['x-permission']).toBe('tenant.update');
    expect(patch.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'tenant', in: 'path', required: true })]));
    const body = patch.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(body.properties)).toEqual(['name', 'settings']);
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '413', '503']));
    expect(doc.paths['/api/v1/me'].get['x-permission']).toBe('authenticated');
    // Every operation declares its access.
    for (const [path, ops] of Object.entries<Record<string, { 'x-permission'?: string }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) expect(op['x-permission'], `${method} ${path}`).toBeTruthy();
    }
  });

  it('GET /api/docs serves Swagger UI from the app itself, with no outside address', async () => {
    const res = await call(async (request) => docs(request), { headers: { 'x-nonce': 'abc123' } });
    expect(res.status).toBe(200);
    const html = String(res.json);
    expect(html).toContain('src="/api/docs/swagger-ui-bundle.js"');
    expect(html).toContain('nonce="abc123"');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    const js = await docsAsset(new Request('http://localhost/api/docs/swagger-ui-bundle.js'), {
      params: Promise.resolve({ asset: 'swagger-ui-bundle.js' }),
    });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await js.text()).length).toBeGreaterThan(100_000);
    const missing = await docsAsset(new Request('http://localhost/api/docs/../../etc/passwd'), {
      params: Promise.resolve({ asset: '../../etc/passwd' }),
    });
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/v1/me', () => {
  it('returns the person with their tenants and roles', async () => {
    const t = await createTenantWithMembers();
    const res = await call(me, { cookie: t.users.qa.cookie });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: t.users.qa.id,
      email: t.users.qa.email,
      name: t.users.qa.name,
      description: null,
      image: null,
      isPlatformAdmin: false,
      memberships: [{ tenant: { slug: t.slug, name: `Tenant ${t.slug}` }, roles: ['qa'] }],
      pendingInvitations: [],
    });
  });

  it('is 401 when signed out and lists no tenants for a new person', async () => {
    expect((await call(me)).status).toBe(401);
    const loner = await createUserWithSession('loner');
    expect((await call(me, { cookie: loner.cookie })).json.memberships).toEqual([]);
  });
});
