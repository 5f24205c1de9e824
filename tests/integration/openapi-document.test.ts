import { beforeAll, describe, expect, it } from 'vitest';
import * as unknownApiPath from '@/app/api/[...path]/route';
import { GET as openApiGet } from '@/app/api/openapi.json/route';
import * as meRoute from '@/app/api/v1/me/route';
import { ERROR_CODES } from '@/lib/errors';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { accountOps, fixtureOf, opByKey } from '../support/route-fixtures';

/**
 * The structure of /api/openapi.json that client generators rely on: operationIds, named schemas whose every $ref
 * resolves, the Problem code enum, documented headers and downloads, per-operation security that says which
 * credentials work (checked against the wrapper with a real API key), and problem+json for unknown paths and methods.
 */
type Operation = {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { headers?: Record<string, { $ref: string }>; content?: Record<string, { schema: unknown }> }>;
};
type Doc = {
  components: {
    schemas: Record<string, { properties: Record<string, { enum?: string[] }> }>;
    headers: Record<string, unknown>;
    securitySchemes: Record<string, Record<string, string>>;
  };
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Record<string, Operation>>;
};

let doc: Doc;
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );

beforeAll(async () => {
  doc = await openApiGet().json();
});

describe('the API document', () => {
  it('gives every operation a unique operationId', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/v1/tenants/{tenant}/members'].get.operationId).toBe('listMembers');
    expect(doc.paths['/api/v1/tenants/{tenant}/batches/{id}/transitions'].post.operationId).toBe('createBatchTransition');
  });

  it('resolves every $ref, and Problem.code is the enum of every error code', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    const dangling = refs
      .map((r) => r.slice('"$ref":"'.length, -1))
      .filter((ref) => {
        const [, section, name] = ref.match(/^#\/components\/(schemas|headers)\/(.+)$/) ?? [];
        return !section || !(name in (section === 'schemas' ? doc.components.schemas : doc.components.headers));
      });
    expect(dangling).toEqual([]);
    expect(doc.components.schemas.Problem.properties.code.enum).toEqual(ERROR_CODES);
  });

  it('lists the statuses by kind: sign-in 401, 403 and 429; 409, 410, 415 and 429 where they are raised; 404 on invitation links', () => {
    const statuses = (key: string) => Object.keys(operations().find((o) => o.key === key)!.op.responses);
    expect(statuses('POST /api/v1/auth/token')).toEqual(expect.arrayContaining(['200', '400', '401', '403', '415', '429', '503']));
    expect(statuses('POST /api/v1/tenants/{tenant}/invitations')).toEqual(expect.arrayContaining(['409', '413', '415', '429']));
    expect(statuses('GET /api/v1/invitations/{token}')).toEqual(expect.arrayContaining(['404', '409', '410']));
    expect(statuses('DELETE /api/v1/me/sessions/{id}')).toContain('404');
    expect(statuses('GET /api/v1/me')).not.toContain('404');
  });

  it('documents X-Request-ID on every response, RateLimit-* where API keys are counted and Retry-After on 429 and 503', () => {
    const missing: string[] = [];
    for (const { key, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response.headers?.['X-Request-ID']) missing.push(`${key} ${status} X-Request-ID`);
        if ((status === '429' || status === '503') && !response.headers?.['Retry-After']) missing.push(`${key} ${status} Retry-After`);
        if (op.security?.length && status.startsWith('2') && !response.headers?.['RateLimit-Remaining'])
          missing.push(`${key} ${status} RateLimit-*`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('types the downloads with their media types, each with Content-Disposition', () => {
    const ok = (key: string) => {
      const [method, path] = key.split(' ');
      return doc.paths[path][method.toLowerCase()].responses['200'];
    };
    expect(Object.keys(ok('GET /api/v1/tenants/{tenant}/audit-events/export').content!)).toEqual(['text/csv', 'application/json']);
    expect(Object.keys(ok('GET /api/v1/tenants/{tenant}/batches/{id}/export').content!)).toEqual(['application/json', 'application/pdf']);
    expect(ok('GET /api/v1/tenants/{tenant}/batches/{id}/export').content!['application/pdf'].schema).toEqual({
      type: 'string',
      format: 'binary',
    });
    expect(Object.keys(ok('GET /api/v1/tenants/{tenant}/batches/{id}/serials/export').content!)).toEqual(['text/csv']);
    expect(Object.keys(ok('GET /api/v1/users/{id}/avatar').content!)).toEqual(['image/webp']);
    expect(ok('GET /api/v1/tenants/{tenant}/attachments/{id}').content).toHaveProperty('application/pdf');
    for (const key of ['GET /api/v1/tenants/{tenant}/audit-events/export', 'GET /api/v1/tenants/{tenant}/batches/{id}/export']) {
      expect(ok(key).headers).toHaveProperty('Content-Disposition');
    }
  });

  it('has three security schemes, and every tag used is described at the top', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearerAccessToken', 'sessionCookie']);
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie' });
    expect(doc.components.securitySchemes.bearerAccessToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const used = new Set(operations().flatMap((o) => (o.op as { tags?: string[] }).tags ?? []));
    expect(doc.tags.map((t) => t.name).sort()).toEqual([...used].sort());
    expect(doc.tags.every((t) => t.description.length > 0)).toBe(true);
  });
});

describe('per-operation security, checked against the wrapper with a real API key', () => {
  let acme: TestTenant;
  let key: string;

  beforeAll(async () => {
    acme = await createTenantWithMembers('enterprise');
    const made = await call(opByKey('POST /api/v1/tenants/{tenant}/api-keys').handler, {
      method: 'POST',
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
      body: { name: 'security check', permissions: ['tenant.read'] },
    });
    expect(made.status).toBe(201);
    key = made.json.key;
  });

  it('public operations list none; the tenant API lists apiKey', () => {
    for (const { key: k, op } of operations()) {
      if (k.includes('/api/v1/tenants/{tenant}')) expect(op.security, k).toContainEqual({ apiKey: [] });
    }
    expect(doc.paths['/api/v1/auth/token'].post.security).toEqual([]);
  });

  it.each(accountOps.filter((o) => o.spec.access !== 'public').map((o) => [o.key, o] as const))(
    '%s: an API key is refused exactly when apiKey is not listed',
    async (k, op) => {
      const [method, path] = k.split(' ');
      const listed = doc.paths[path][method.toLowerCase()].security!.some((s) => 'apiKey' in s);
      const prepared = await fixtureOf(op)(acme, acme.users.admin);
      const res = await call(op.handler, {
        method: op.spec.method,
        params: prepared.params,
        headers: { authorization: `Bearer ${key}` },
        body: prepared.body,
        rawBody: prepared.rawBody,
      });
      expect(res.status === 403 && res.json?.code === 'forbidden', `${res.status} ${JSON.stringify(res.json)}`).toBe(!listed);
    },
  );
});

describe('problem+json for every /api path', () => {
  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const)(
    '%s of an unknown path is 404 problem+json with X-Request-ID',
    async (method) => {
      for (const path of ['/api/v1/nope', '/api/nope', '/api/v1/tenants/acme/nope']) {
        const res = await unknownApiPath[method](
          new Request(`http://localhost${path}`, { method, headers: { 'x-request-id': 'req-404' } }),
        );
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.headers.get('x-request-id')).toBe('req-404');
        expect(await res.json()).toMatchObject({ status: 404, code: 'not_found', requestId: 'req-404' });
      }
    },
  );

  it('an unsupported method on a known path is 405 problem+json with Allow', async () => {
    const res = await call(meRoute.DELETE, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('allow')).toBe('GET, HEAD, PATCH, OPTIONS');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.json).toMatchObject({ code: 'method_not_allowed', status: 405 });
  });
});
