import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRouteModules } from '@/app/api/v1/routes';
import { isPermission } from '@/lib/access/permissions';
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
    const handlers = Object.entries(mod).filter(([name]) => METHODS.includes(name));
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
      if (spec.path.startsWith('/api/v1/tenants/{tenant}')) expect(access, `${method} ${file} is tenant-scoped`).not.toMatch(/^(public|authenticated|platform_admin)$/);
    }
  });
});
