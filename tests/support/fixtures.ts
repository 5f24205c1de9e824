import { randomUUID } from 'node:crypto';
import { getDb } from '@/db/client';
import { insertUser } from '@/lib/auth/create-user';
import { createSession, encodeSessionToken, SESSION_COOKIE } from '@/lib/auth/session';
import { addMember, provisionTenant } from '@/lib/tenancy/provision-tenant';

/** A unique suffix so tests sharing one PostgreSQL database never collide. */
export const unique = () => randomUUID().slice(0, 8);

export type TestUser = { id: string; email: string; name: string; cookie: string; sessionId: string };

/** A verified user with a live session, and the Cookie header that carries it. */
export async function createUserWithSession(label = 'user', options: { platformAdmin?: boolean } = {}): Promise<TestUser> {
  const db = await getDb();
  const email = `${label}-${unique()}@test.custos`;
  const user = await insertUser(db, { email, name: `Test ${label}`, verified: true, isPlatformAdmin: options.platformAdmin });
  const session = await createSession(db, user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  const token = await encodeSessionToken({ id: session.id, userId: user.id });
  return { ...user, sessionId: session.id, cookie: `${SESSION_COOKIE}=${token}` };
}

export type TestTenant = {
  id: string;
  slug: string;
  roleIds: Record<string, string>;
  /** One user per default role, each a member with that single role. */
  users: Record<'admin' | 'manager' | 'qa' | 'operator' | 'viewer', TestUser>;
};

/** A tenant with the default roles and one member per role. */
export async function createTenantWithMembers(planId = 'team'): Promise<TestTenant> {
  const db = await getDb();
  const slug = `t-${unique()}`;
  const roleNames = ['admin', 'manager', 'qa', 'operator', 'viewer'] as const;
  const users = {} as TestTenant['users'];
  for (const role of roleNames) users[role] = await createUserWithSession(`${role}-${slug}`);
  const tenant = await db.transaction(async (tx) => {
    const created = await provisionTenant(tx, { slug, name: `Tenant ${slug}`, planId });
    for (const role of roleNames) {
      await addMember(tx, { tenantId: created.id, userId: users[role].id, roleIds: [created.roleIds[role]] });
    }
    return created;
  });
  return { id: tenant.id, slug, roleIds: tenant.roleIds, users };
}

/**
 * Call a route handler the way Next.js does: a Request and a promise of the path parameters. A write with a cookie
 * (`cookie`, or a Cookie in `headers`) sends the Origin a browser on the app's own page would (the URL's origin)
 * unless `origin` says otherwise: a string to send instead, null to send none; an Origin in `headers` is sent as given.
 */
export async function call(
  handler: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>,
  options: {
    method?: string;
    url?: string;
    params?: Record<string, string>;
    cookie?: string;
    origin?: string | null;
    headers?: Record<string, string>;
    body?: unknown;
    rawBody?: BodyInit;
  } = {},
): Promise<{ status: number; headers: Headers; json: any }> {
  const headers: Record<string, string> = { ...options.headers };
  const url = options.url ?? 'http://localhost/api/test';
  const method = options.method ?? 'GET';
  if (options.cookie) headers.cookie = options.cookie;
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
  const named = (header: string) => Object.keys(headers).some((name) => name.toLowerCase() === header);
  if (typeof options.origin === 'string') headers.origin = options.origin;
  else if (options.origin === undefined && named('cookie') && write && !named('origin')) headers.origin = new URL(url).origin;
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const request = new Request(url, {
    method,
    headers,
    body,
    // @ts-expect-error Node's fetch needs this for streamed bodies
    duplex: body instanceof ReadableStream ? 'half' : undefined,
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, json };
}
