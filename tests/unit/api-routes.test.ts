import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { apiRouteModules } from '@/app/api/v1/routes';
import { isPermission } from '@/lib/access/permissions';
import { ERROR_CODES } from '@/lib/errors';
import type { MethodNotAllowedHandler } from '@/lib/http/method-not-allowed';
import { buildOpenApi, isOperation } from '@/lib/http/openapi';
import { OPERATION_IDS } from '@/lib/http/operation-ids';
import type { RouteHandler } from '@/lib/http/route';

// Every /api/v1 handler goes through the route wrapper and declares who may call it.
const root = path.resolve(import.meta.dirname, '../../app/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === 'route.ts' ? [path.relative(root, full)] : [];
  });
}

describe('/api/v1 routes', () => {
  const files = routeFiles(root).sort();

  it('are all registered for the OpenAPI document', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(apiRouteModules).sort()).toEqual(files);
  });

  it.each(files)('%s: every handler is wrapped, declares its access and matches its file path', (file) => {
    const mod = apiRouteModules[file];
    const handlers = Object.entries(mod).filter(
      ([name, h]) => METHODS.includes(name) && !(h as Partial<MethodNotAllowedHandler>).methodNotAllowed,
    );
    expect(handlers.length).toBeGreaterThan(0);
    const expectedPath = '/api/v1/' + path.dirname(file).replace(/\[([^\]]+)\]/g, '{$1}');
    for (const [method, handler] of handlers) {
      const spec = (handler as RouteHandler).route;
      expect(spec, `${method} ${file} is not wrapped by route()/tenantRoute()`).toBeDefined();
      expect(spec.method).toBe(method);
      expect(spec.path.replace(/\/$/, '')).toBe(expectedPath.replace(/\/\.$/, ''));
      const access = spec.access;
      expect(
        ['public', 'authenticated', 'platform_admin', 'member'].includes(access) || isPermission(access),
        `${method} ${file} declares no valid access: ${String(access)}`,
      ).toBe(true);
      // Under /api/v1/tenants/{tenant} a route is the tenant's; /api/v1/admin/tenants/{tenant} is the platform's.
      if (spec.path.startsWith('/api/v1/admin/')) expect(access, `${method} ${file} is platform administration`).toBe('platform_admin');
      if (spec.path.startsWith('/api/v1/tenants/{tenant}'))
        expect(access, `${method} ${file} is tenant-scoped`).not.toMatch(/^(public|authenticated|platform_admin)$/);
    }
  });

  it.each(files)('%s: answers every other method with 405 problem+json naming the methods it takes in Allow', async (file) => {
    const mod = apiRouteModules[file];
    const taken = METHODS.filter((m) => (mod[m] as Partial<RouteHandler>)?.route && (mod[m] as RouteHandler).route.status !== 405);
    const allow = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
      .filter((m) => taken.includes(m) || m === 'OPTIONS' || (m === 'HEAD' && taken.includes('GET')))
      .join(', ');
    for (const method of METHODS.filter((m) => !taken.includes(m))) {
      const handler = mod[method] as MethodNotAllowedHandler | RouteHandler | undefined;
      expect(handler, `${file} does not export ${method} (Next.js would answer a bare 405)`).toBeTypeOf('function');
      if (!('methodNotAllowed' in handler!)) continue; // the audit trail's own 405s (members only): tests/integration/audit-events.test.ts
      const res = await handler(new Request('http://localhost/api/v1/x', { method, headers: { 'x-request-id': 'req-405' } }));
      expect(res.status).toBe(405);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.headers.get('x-request-id')).toBe('req-405');
      expect(await res.json()).toMatchObject({ status: 405, code: 'method_not_allowed', requestId: 'req-405' });
    }
  });
});

describe('operationIds', () => {
  const operations = Object.values(apiRouteModules).flatMap((mod) =>
    Object.values(mod)
      .map((h) => (h as Partial<RouteHandler>)?.route)
      .filter((spec) => spec !== undefined && isOperation(spec))
      .map((spec) => `${spec!.method} ${spec!.path}`),
  );

  it('every operation has one, every entry names an operation, and no two are the same', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((key) => !OPERATION_IDS[key])).toEqual([]);
    expect(Object.keys(OPERATION_IDS).filter((key) => !operations.includes(key))).toEqual([]);
    const ids = Object.values(OPERATION_IDS);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
  });

  it('are in the document, on every operation', () => {
    const doc = buildOpenApi(apiRouteModules, 'http://localhost:3000');
    const inDoc = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(inDoc.length).toBe(operations.length);
    expect(inDoc.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  });
});

describe('Problem.code', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return sources(full);
      return /\.tsx?$/.test(name) ? [full] : [];
    });

  it('is an enum of every code the server sends: each DomainError and problemResponse code in lib/ and app/', () => {
    const repo = path.resolve(import.meta.dirname, '../..');
    const sent = new Set<string>();
    for (const file of [...sources(path.join(repo, 'lib')), ...sources(path.join(repo, 'app'))]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new DomainError\(\s*'([a-z_]+)'/g)) sent.add(m[1]);
      for (const m of text.matchAll(/problemResponse\(\s*\d+,\s*'([a-z_]+)'/g)) sent.add(m[1]);
    }
    expect(sent.size).toBeGreaterThan(15);
    const doc = buildOpenApi(apiRouteModules, 'http://localhost:3000') as unknown as {
      components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } };
    };
    const documented = doc.components.schemas.Problem.properties.code.enum;
    expect([...sent].filter((code) => !documented.includes(code))).toEqual([]);
    expect(documented).toEqual(ERROR_CODES);
  });
});
