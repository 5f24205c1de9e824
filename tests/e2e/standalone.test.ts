import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCookie } from '../faults/services';
import { startServer, type RunningServer } from './server';

// What the Docker image runs — `node server.js` from the standalone output — started here against the
// machine's PostgreSQL (DATABASE_URL; CI gives it a fresh database) or the embedded PGlite.
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('standalone server', () => {
  it('answers /api/ready with the database and kv checks', async () => {
    const res = await fetch(`${server.url}/api/ready`);
    expect(res.status).toBe(200);
    // (and the job engine, tests/e2e/schedules.test.ts)
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', kv: 'ok' } });
    console.log(`standalone server ready on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'} at ${server.url}`);
  });

  it('serves health, OpenAPI and the offline docs', async () => {
    expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: 'ok' });
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/tenants/{tenant}');
    const css = await fetch(`${server.url}/api/docs/swagger-ui.css`);
    expect(css.status).toBe(200);
  });

  it('sets the request id and security headers, and sends signed-out visitors to /sign-in', async () => {
    const res = await fetch(`${server.url}/t/acme`, { redirect: 'manual', headers: { 'x-request-id': 'e2e-req-1' } });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toMatch(/\/sign-in\?next=%2Ft%2Facme$/);
    expect(res.headers.get('x-request-id')).toBe('e2e-req-1');
    const page = await fetch(`${server.url}/sign-in`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('strict-transport-security')).toContain('max-age=');
    const api = await fetch(`${server.url}/api/v1/me`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
    expect(api.headers.get('x-request-id')).toBeTruthy();
  });

  it('carries X-Frame-Options and frame-ancestors on every page, also on paths ending like image files', async () => {
    const cookie = await consoleCookie(server.url, 'admin@acme.test');
    const paths = [
      '/t/acme/members/x.svg',
      '/t/acme/members/x.png',
      '/t/acme/x.jpg',
      '/t/acme/x.webp',
      '/t/acme/x.ico',
      '/favicon.ico',
      '/t/acme/members',
    ];
    for (const path of paths) {
      for (const [who, headers] of [
        ['signed in', { cookie }],
        ['signed out', {}],
      ] as const) {
        const res = await fetch(`${server.url}${path}`, { redirect: 'manual', headers });
        const label = `${path} ${who}: ${res.status}`;
        if (who === 'signed out') expect(res.status, label).toBe(307);
        else expect(res.headers.get('content-type'), label).toMatch(/^text\/html/);
        expect(res.headers.get('x-frame-options'), label).toBe('DENY');
        expect(res.headers.get('content-security-policy'), label).toContain("frame-ancestors 'none'");
        expect(res.headers.get('x-request-id'), label).toBeTruthy();
        await res.body?.cancel();
      }
    }
  });

  it('still serves real static files: the build output and the icon', async () => {
    const page = await (await fetch(`${server.url}/sign-in`)).text();
    const asset = /(\/_next\/static\/[^"]+\.(?:css|js))"/.exec(page)?.[1];
    expect(asset).toBeTruthy();
    const file = await fetch(`${server.url}${asset}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('cache-control')).toContain('immutable');
    const icon = /<link rel="icon" href="([^"]+)"/.exec(page)?.[1];
    expect(icon).toMatch(/^\/icon\.svg/);
    const svg = await fetch(`${server.url}${icon}`, { redirect: 'manual' });
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('answers unknown /api paths with 404 and unsupported methods with 405 and Allow, both problem+json', async () => {
    for (const path of ['/api/v1/nope', '/api/nope', '/api/v1/tenants/acme/nope/deeper']) {
      const res = await fetch(`${server.url}${path}`, { headers: { 'x-request-id': 'e2e-unknown' } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toBe('application/problem+json');
      expect(res.headers.get('x-request-id'), path).toBe('e2e-unknown');
      expect((await res.json()).code, path).toBe('not_found');
    }
    // A known route still wins over the catch-all.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const put = await fetch(`${server.url}/api/health`, { method: 'PUT' });
    const del = await fetch(`${server.url}/api/v1/auth/token`, { method: 'DELETE' });
    for (const res of [put, del]) {
      expect(res.status).toBe(405);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('allow')).toBeTruthy();
      expect((await res.json()).code).toBe('method_not_allowed');
    }
    expect(del.headers.get('allow')).toContain('POST');
  });

  it('answers a path that is not valid percent-encoding (%ff) with 400, never a bare 500, and logs it', async () => {
    const api = await fetch(`${server.url}/api/v1/tenants/%ff`, { headers: { 'x-request-id': 'e2e-bad-path-api' } });
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
    expect(api.headers.get('x-request-id')).toBe('e2e-bad-path-api');
    expect(await api.json()).toMatchObject({
      status: 400,
      code: 'validation_failed',
      requestId: 'e2e-bad-path-api',
      errors: [{ path: '(path)' }],
    });
    const deeper = await fetch(`${server.url}/api/v1/tenants/acme/batches/%ff/serials`);
    expect(deeper.status).toBe(400);
    const cookie = await consoleCookie(server.url, 'viewer@acme.test');
    for (const [who, headers] of [
      ['signed out', {}],
      ['signed in', { cookie }],
    ] as const) {
      const page = await fetch(`${server.url}/t/%ff`, { redirect: 'manual', headers: { ...headers, 'x-request-id': 'e2e-bad-path-page' } });
      expect(page.status, who).toBe(400);
      expect(page.headers.get('content-type'), who).toMatch(/^text\/html/);
      expect(page.headers.get('x-frame-options'), who).toBe('DENY');
      expect(page.headers.get('content-security-policy'), who).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-request-id'), who).toBe('e2e-bad-path-page');
      expect(await page.text(), who).toContain('not valid percent-encoding');
    }
    await new Promise((r) => setTimeout(r, 200));
    const logged = server.logs
      .join('')
      .split('\n')
      .filter((line) => line.includes('malformed path'));
    expect(logged.some((line) => line.includes('e2e-bad-path-api'))).toBe(true);
    expect(logged.some((line) => line.includes('e2e-bad-path-page'))).toBe(true);
  });

  it('refuses a write made with the session cookie from another origin (CSRF), and takes it from its own', async () => {
    const cookie = await consoleCookie(server.url, 'operator@acme.test');
    const me = () => fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
    const logout = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, ...headers } });
    for (const origin of ['http://evil.localhost', `http://localhost.${new URL(server.url).port}.example`]) {
      const refused = await logout({ origin });
      expect(refused.status).toBe(403);
      expect((await refused.json()).code).toBe('origin_not_allowed');
    }
    expect((await logout({})).status).toBe(403);
    expect((await me()).status).toBe(200);
    expect((await logout({ origin: server.url })).status).toBe(204);
    expect((await me()).status).toBe(401);
  });
});
