import { and, eq } from 'drizzle-orm';
import * as scimRoute from '@/app/scim/v2/[tenant]/[[...path]]/route';
import { POST as CREATE_TOKEN } from '@/app/api/v1/tenants/[tenant]/scim-tokens/route';
import { auditEvents } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, type TestTenant } from './fixtures';

/**
 * A SCIM client for integration tests: requests go through the real route handler of /scim/v2/{tenant}/… (the one
 * Next.js serves), with the path split into segments as the catch-all route receives them, and the body sent as
 * application/scim+json like Entra ID and Okta send it.
 */
export type ScimAnswer = { status: number; headers: Headers; json: any };

export async function scim(
  slug: string,
  token: string | null,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  options: { contentType?: string; rawBody?: string } = {},
): Promise<ScimAnswer> {
  const url = new URL(`http://localhost/scim/v2/${slug}/${pathAndQuery.replace(/^\//, '')}`);
  const segments = url.pathname
    .slice(`/scim/v2/${slug}/`.length)
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  const handler = scimRoute[method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'];
  const headers: Record<string, string> = { accept: 'application/scim+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined || options.rawBody !== undefined) headers['content-type'] = options.contentType ?? 'application/scim+json';
  return call(handler, {
    method,
    url: url.toString(),
    params: { tenant: slug, path: segments } as unknown as Record<string, string>,
    headers,
    ...(options.rawBody !== undefined ? { rawBody: options.rawBody } : body !== undefined ? { body } : {}),
  });
}

/** A SCIM token of the tenant, made by its admin through the API (as the settings page does). */
export async function createScimToken(t: TestTenant, name = 'Okta'): Promise<{ id: string; token: string; prefix: string }> {
  const res = await call(CREATE_TOKEN, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${t.slug}/scim-tokens`,
    params: { tenant: t.slug },
    cookie: t.users.admin.cookie,
    body: { name },
  });
  if (res.status !== 201) throw new Error(`SCIM token not created: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/** The tenant's audit events of an action on a target, oldest first. */
export async function auditOf(tenantId: string, action: string, targetId?: string) {
  return withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), targetId ? eq(auditEvents.targetId, targetId) : undefined))
      .orderBy(auditEvents.seq),
  );
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
