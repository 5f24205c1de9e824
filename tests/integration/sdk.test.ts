import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRouteModules } from '@/app/api/v1/routes';
import type { RouteHandler } from '@/lib/http/route';
import { createCustosClient, type CustosClient, type Schemas } from '@/sdk';
import { createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import { GTIN, giveTestPasswords, TEST_PASSWORD } from '../support/quality';

/**
 * The generated SDK (sdk/, `npm run sdk`) against the real route handlers, in-process: openapi-fetch's requests
 * are dispatched to the route modules of app/api/v1/routes.ts by path. The flow is typed end to end, and the
 * last test compiles this file and sdk/ with `tsc --strict` (no casts, no any): a wrong type fails it.
 */
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { method: string; pattern: RegExp; names: string[]; handler: Handler };

const isRouteHandler = (value: unknown): value is RouteHandler => typeof value === 'function' && 'route' in value;

const routes: Route[] = Object.values(apiRouteModules).flatMap((mod) =>
  Object.values(mod).flatMap((handler) => {
    if (!isRouteHandler(handler)) return [];
    const names = [...handler.route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const pattern = new RegExp(`^${handler.route.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
    return [{ method: handler.route.method, pattern, names, handler }];
  }),
);

/** Next.js's router in miniature: the route whose path and method match, with its decoded path parameters. */
async function dispatch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  for (const route of routes) {
    const match = route.method === request.method ? route.pattern.exec(pathname) : null;
    if (!match) continue;
    const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    return route.handler(request, { params: Promise.resolve(params) });
  }
  return new Response('no route', { status: 599 });
}

const baseUrl = 'http://localhost';
let acme: TestTenant;
let signedIn: CustosClient;

beforeAll(async () => {
  acme = await createTenantWithMembers('enterprise');
  await giveTestPasswords(acme);
});

describe('the SDK against the real route handlers', () => {
  it('signs in for a token pair, finds the tenant through /me, records a batch and exports the audit trail', async () => {
    const anonymous = createCustosClient({ baseUrl, fetch: dispatch });
    const admin = acme.users.admin;
    const token = await anonymous.POST('/api/v1/auth/token', { body: { email: admin.email, password: TEST_PASSWORD } });
    expect(token.error).toBeUndefined();
    const pair: Schemas['TokenPair'] | undefined = token.data;
    if (!pair) throw new Error('no token pair');
    expect(pair.tokenType).toBe('Bearer');
    expect(pair.user.email).toBe(admin.email);

    signedIn = createCustosClient({ baseUrl, token: pair.accessToken, fetch: dispatch });
    const me = await signedIn.GET('/api/v1/me');
    const memberships = me.data?.memberships ?? [];
    const tenant = memberships.find((m) => m.tenant.slug === acme.slug)?.tenant.slug;
    if (!tenant) throw new Error(`not a member of ${acme.slug}: ${JSON.stringify(me.error)}`);

    // The document's pattern admits lower case (the accepted form); the server stores the code upper-cased.
    const code = `sdk-${unique().slice(0, 6)}`;
    const site = await signedIn.POST('/api/v1/tenants/{tenant}/sites', {
      params: { path: { tenant } },
      body: { code, name: 'SDK Fill & Finish' },
    });
    if (!site.data) throw new Error(`site: ${JSON.stringify(site.error)}`);
    expect(site.data.code).toBe(code.toUpperCase());

    const batchNumber = `SDK-${unique()}`;
    const created = await signedIn.POST('/api/v1/tenants/{tenant}/batches', {
      params: { path: { tenant } },
      body: {
        batchNumber,
        productName: 'Amoxicillin 500 mg capsules',
        gtin: GTIN,
        siteId: site.data.id,
        plannedQuantity: 1000,
        expiresOn: '2028-06-30',
      },
    });
    if (!created.data) throw new Error(`batch: ${JSON.stringify(created.error)}`);
    const batch: Schemas['Batch'] = created.data;
    expect(batch.status).toBe('planned');
    expect(Date.parse(batch.createdAt)).not.toBeNaN();

    const listed = await signedIn.GET('/api/v1/tenants/{tenant}/batches', {
      params: { path: { tenant }, query: { q: batchNumber, limit: 10 } },
    });
    const page: Schemas['BatchPage'] | undefined = listed.data;
    expect(page?.data.map((b) => b.batchNumber)).toEqual([batchNumber]);

    const inspection = await signedIn.POST('/api/v1/tenants/{tenant}/batches/{id}/inspections', {
      params: { path: { tenant, id: batch.id } },
      body: { type: 'in_process', sampleSize: 5, characteristics: [{ name: 'Fill weight', unit: 'mg', lsl: 490, usl: 510, value: 501 }] },
    });
    if (!inspection.data) throw new Error(`inspection: ${JSON.stringify(inspection.error)}`);
    expect(inspection.data.result).toBe('pass');
    expect(inspection.data.characteristics[0].conforms).toBe(true);

    const csv = await signedIn.GET('/api/v1/tenants/{tenant}/audit-events/export', {
      params: { path: { tenant }, query: { format: 'csv', targetId: batch.id } },
      parseAs: 'text',
    });
    expect(csv.response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text: string = csv.data ?? '';
    expect(text.split('\n')[0]).toMatch(/action/);
    expect(text).toContain('batch.created');
  });

  it('returns a failure as the typed problem', async () => {
    const missing = await signedIn.GET('/api/v1/tenants/{tenant}/batches/{id}', {
      params: { path: { tenant: acme.slug, id: '7250224b-b0c7-4dd6-8234-ceccf3509b7a' } },
    });
    expect(missing.data).toBeUndefined();
    const problem: Schemas['Problem'] | undefined = missing.error;
    expect(problem?.code).toBe('not_found');
    expect(missing.response.status).toBe(404);
  });

  // The compile check does not touch the database: it runs in the PGlite pass of `npm test`, not again on PostgreSQL.
  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'compiles under tsc --strict with sdk/, without casts or any',
    async () => {
      const source = readFileSync(import.meta.filename, 'utf8');
      const lines = source.split('\n').filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line));
      const loose = lines.filter((line) => /\bas (?!const\b)\w|\bany\b/.test(line.replace(/'[^']*'|`[^`]*`|\/[^/\n]+\/[gimsuy]*/g, '')));
      expect(loose).toEqual([]);
      const root = path.resolve(import.meta.dirname, '../..');
      const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
      const result = await promisify(execFile)(process.execPath, [tsc, '-p', 'tests/sdk-tsconfig.json'], { cwd: root }).catch(
        (error: { stdout: string; code: number }) => error,
      );
      expect(result.stdout).toBe('');
    },
    300_000,
  );
});
