import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as inviteRoute } from '@/app/api/v1/tenants/[tenant]/invitations/route';
import { POST as bulkInviteRoute } from '@/app/api/v1/tenants/[tenant]/invitations/bulk/route';
import { PATCH as patchMemberRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { PATCH as patchTeamRoute } from '@/app/api/v1/tenants/[tenant]/teams/[id]/route';
import { POST as createTeamRoute } from '@/app/api/v1/tenants/[tenant]/teams/route';
import { invitations, memberRoles } from '@/db/schema';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, createUserWithSession, type TestTenant, unique } from '../support/fixtures';

/** Role references in request bodies take a role id or the role's exact name (API.md, second wave). */

let acme: TestTenant;
let other: TestTenant;

const tenantUrl = (t: TestTenant, path: string) => `http://localhost/api/v1/tenants/${t.slug}${path}`;

async function newMember(t: TestTenant): Promise<string> {
  const user = await createUserWithSession('ref');
  const { membershipId } = await withTenant(t.id, (tx) => addMember(tx, { tenantId: t.id, userId: user.id, roleIds: [t.roleIds.viewer] }));
  return membershipId;
}

const patchMember = (t: TestTenant, id: string, body: unknown) =>
  call(patchMemberRoute, {
    method: 'PATCH',
    url: tenantUrl(t, `/members/${id}`),
    params: { tenant: t.slug, id },
    cookie: t.users.admin.cookie,
    body,
  });

async function directRoleIds(t: TestTenant, membershipId: string) {
  const rows = await withTenant(t.id, (tx) =>
    tx.select({ id: memberRoles.roleId }).from(memberRoles).where(eq(memberRoles.membershipId, membershipId)),
  );
  return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
});

describe('PATCH /members/{id} roles', () => {
  it('takes role names', async () => {
    const m = await newMember(acme);
    const res = await patchMember(acme, m, { roles: ['operator', 'qa'] });
    expect(res.status).toBe(200);
    expect(res.json.roles.map((r: { name: string }) => r.name).sort()).toEqual(['operator', 'qa']);
    expect(await directRoleIds(acme, m)).toEqual([acme.roleIds.operator, acme.roleIds.qa].sort());
  });

  it('takes role ids', async () => {
    const m = await newMember(acme);
    const res = await patchMember(acme, m, { roles: [acme.roleIds.manager] });
    expect(res.status).toBe(200);
    expect(res.json.roles).toEqual([{ id: acme.roleIds.manager, name: 'manager' }]);
  });

  it('takes ids and names mixed; the same role by id and by name counts once', async () => {
    const m = await newMember(acme);
    const res = await patchMember(acme, m, { roles: [acme.roleIds.operator, 'viewer', 'operator'] });
    expect(res.status).toBe(200);
    expect(await directRoleIds(acme, m)).toEqual([acme.roleIds.operator, acme.roleIds.viewer].sort());
  });

  it('is 400 naming roles.i for an unknown name, a name in another case, or another tenant’s role id; nothing written', async () => {
    const m = await newMember(acme);
    const res = await patchMember(acme, m, { roles: ['operator', 'No such role', 'VIEWER', other.roleIds.viewer] });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation_failed');
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['roles.1', 'roles.2', 'roles.3']);
    expect(await directRoleIds(acme, m)).toEqual([acme.roleIds.viewer]);
  });
});

describe('invitations roles', () => {
  it('invite by role name; an unknown name or another tenant’s role id is 400 naming roles.i', async () => {
    const post = (body: unknown) =>
      call(inviteRoute, {
        method: 'POST',
        url: tenantUrl(acme, '/invitations'),
        params: { tenant: acme.slug },
        cookie: acme.users.admin.cookie,
        body,
      });
    const byName = await post({ email: `by-name-${unique()}@example.com`, roles: ['operator'] });
    expect(byName.status).toBe(201);
    expect(byName.json.roles).toEqual([{ id: acme.roleIds.operator, name: 'operator' }]);
    const mixed = await post({ email: `mixed-${unique()}@example.com`, roles: [acme.roleIds.viewer, 'qa'] });
    expect(mixed.status).toBe(201);
    expect(mixed.json.roles.map((r: { id: string }) => r.id).sort()).toEqual([acme.roleIds.qa, acme.roleIds.viewer].sort());
    const unknown = await post({ email: `unknown-${unique()}@example.com`, roles: ['Ghost'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([{ path: 'roles.0', message: expect.any(String) }]);
    const foreign = await post({ email: `foreign-${unique()}@example.com`, roles: ['viewer', other.roleIds.viewer] });
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors).toEqual([{ path: 'roles.1', message: expect.any(String) }]);
  });

  it('bulk invite by role name; an unknown name refuses the whole request', async () => {
    const post = (body: unknown) =>
      call(bulkInviteRoute, {
        method: 'POST',
        url: tenantUrl(acme, '/invitations/bulk'),
        params: { tenant: acme.slug },
        cookie: acme.users.admin.cookie,
        body,
      });
    const ok = await post({ emails: [`bulk-${unique()}@example.com`], roles: ['viewer'] });
    expect(ok.status).toBe(200);
    expect(ok.json.results[0].invitation.roles).toEqual([{ id: acme.roleIds.viewer, name: 'viewer' }]);
    const address = `bulk-${unique()}@example.com`;
    const bad = await post({ emails: [address], roles: ['Ghost'] });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([{ path: 'roles.0', message: expect.any(String) }]);
    const written = await withTenant(acme.id, (tx) =>
      tx
        .select({ id: invitations.id })
        .from(invitations)
        .where(and(eq(invitations.tenantId, acme.id), eq(invitations.email, address))),
    );
    expect(written).toEqual([]);
  });
});

describe('teams roleIds', () => {
  it('create and update a team by role names; an unknown name or another tenant’s id is 400 naming roleIds.i', async () => {
    const create = (body: unknown) =>
      call(createTeamRoute, {
        method: 'POST',
        url: tenantUrl(acme, '/teams'),
        params: { tenant: acme.slug },
        cookie: acme.users.admin.cookie,
        body,
      });
    const created = await create({ name: `Refs ${unique()}`, roleIds: ['viewer', acme.roleIds.operator] });
    expect(created.status).toBe(201);
    expect(created.json.roles.map((r: { name: string }) => r.name).sort()).toEqual(['operator', 'viewer']);
    const update = (body: unknown) =>
      call(patchTeamRoute, {
        method: 'PATCH',
        url: tenantUrl(acme, `/teams/${created.json.id}`),
        params: { tenant: acme.slug, id: created.json.id },
        cookie: acme.users.admin.cookie,
        body,
      });
    const renamed = await update({ roleIds: ['manager'] });
    expect(renamed.status).toBe(200);
    expect(renamed.json.roles).toEqual([{ id: acme.roleIds.manager, name: 'manager' }]);
    const unknown = await create({ name: `Refs ${unique()}`, roleIds: ['Ghost'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([{ path: 'roleIds.0', message: expect.any(String) }]);
    const foreign = await update({ roleIds: ['manager', other.roleIds.manager] });
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors).toEqual([{ path: 'roleIds.1', message: expect.any(String) }]);
  });
});
