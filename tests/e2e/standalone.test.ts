import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', kv: 'ok' } });
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
});
