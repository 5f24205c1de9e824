import { and, eq } from 'drizzle-orm';
import { GET as getMemberRoute, PATCH as patchMemberRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { GET as listMembersRoute } from '@/app/api/v1/tenants/[tenant]/members/route';
import { memberships } from '@/db/schema';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createUserWithSession, type TestTenant, type TestUser } from './fixtures';

/** The membership id of `userId` in tenant `t`, read from the database. */
export async function membershipId(t: TestTenant, userId: string): Promise<string> {
  const [row] = await withTenant(t.id, (tx) =>
    tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, t.id), eq(memberships.userId, userId))),
  );
  return row.id;
}

/** A fresh member of `t` with the given roles (by name); returns the user with a session and the membership id. */
export async function newMember(t: TestTenant, roleNames: string[], label = 'member'): Promise<TestUser & { membershipId: string }> {
  const user = await createUserWithSession(label);
  const { membershipId } = await withTenant(t.id, (tx) =>
    addMember(tx, { tenantId: t.id, userId: user.id, roleIds: roleNames.map((r) => t.roleIds[r]) }),
  );
  return { ...user, membershipId };
}

const membersUrl = (slug: string) => `http://localhost/api/v1/tenants/${slug}/members`;

/** GET /api/v1/tenants/{tenant}/members (with a query string such as `?q=…`), as the holder of `cookie`. */
export const listMembers = (t: TestTenant, cookie: string, qs = '') =>
  call(listMembersRoute, { url: `${membersUrl(t.slug)}${qs}`, params: { tenant: t.slug }, cookie });

/** GET /api/v1/tenants/{tenant}/members/{id}, as the holder of `cookie`. */
export const getMember = (t: TestTenant, id: string, cookie: string) =>
  call(getMemberRoute, { url: `${membersUrl(t.slug)}/${id}`, params: { tenant: t.slug, id }, cookie });

/** PATCH /api/v1/tenants/{tenant}/members/{id}, as the holder of `cookie` (optionally with an x-request-id). */
export const patchMember = (t: TestTenant, id: string, cookie: string, body: unknown, requestId?: string) =>
  call(patchMemberRoute, {
    method: 'PATCH',
    url: `${membersUrl(t.slug)}/${id}`,
    params: { tenant: t.slug, id },
    cookie,
    body,
    headers: requestId ? { 'x-request-id': requestId } : {},
  });
