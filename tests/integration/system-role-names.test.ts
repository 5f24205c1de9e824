import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATCH as patchMemberRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { PATCH as patchRoleRoute } from '@/app/api/v1/tenants/[tenant]/roles/[id]/route';
import { POST as createRoleRoute } from '@/app/api/v1/tenants/[tenant]/roles/route';
import { POST as createTeamRoute } from '@/app/api/v1/tenants/[tenant]/teams/route';
import { memberRoles, roles, systems, teams } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import { newMember } from '../support/members';

// System-scoped role names are unique per system, not per tenant; a name two roles share is no longer a reference.
let acme: TestTenant;
let other: TestTenant;
let ims: string;
let tts: string;

const url = (t: TestTenant, path: string) => `http://localhost/api/v1/tenants/${t.slug}${path}`;
const createRole = (t: TestTenant, body: unknown, cookie = t.users.admin.cookie) =>
  call(createRoleRoute, { method: 'POST', url: url(t, '/roles'), params: { tenant: t.slug }, cookie, body });
const renameRole = (t: TestTenant, id: string, name: string) =>
  call(patchRoleRoute, {
    method: 'PATCH',
    url: url(t, `/roles/${id}`),
    params: { tenant: t.slug, id },
    cookie: t.users.admin.cookie,
    body: { name },
  });
/** Insert a role straight into the table: null when it goes in, else the unique index that refused it. */
async function uniqueViolation(values: typeof roles.$inferInsert): Promise<string | null> {
  try {
    await withTenant(values.tenantId, (tx) => tx.insert(roles).values(values));
    return null;
  } catch (error) {
    const cause = ((error as { cause?: unknown }).cause ?? error) as { code?: string; constraint?: string; constraint_name?: string };
    expect(cause.code).toBe('23505');
    return cause.constraint ?? cause.constraint_name ?? 'unnamed';
  }
}
const roleCount = (t: TestTenant) => withTenant(t.id, async (tx) => (await tx.select({ n: count() }).from(roles))[0].n);

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  ims = `ims-${unique()}`;
  tts = `tts-${unique()}`;
  await withTenant(acme.id, (tx) =>
    tx.insert(systems).values([
      { tenantId: acme.id, slug: ims, name: 'IMS', permissions: [`${ims}:stock.adjust`] },
      { tenantId: acme.id, slug: tts, name: 'TTS', permissions: [`${tts}:events.read`] },
    ]),
  );
  await withTenant(other.id, (tx) =>
    tx.insert(systems).values({ tenantId: other.id, slug: ims, name: 'IMS', permissions: [`${ims}:stock.adjust`] }),
  );
});

describe('role names per system', () => {
  it('lets IMS and TTS each have an "Admin", refuses a second one in the same system (409) and among tenant roles (409)', async () => {
    const imsAdmin = await createRole(acme, { name: 'Admin', system: ims, permissions: [`${ims}:stock.adjust`] });
    expect(imsAdmin.status).toBe(201);
    expect(imsAdmin.json).toMatchObject({ name: 'Admin', system: { slug: ims } });
    const ttsAdmin = await createRole(acme, { name: 'Admin', system: tts, permissions: [`${tts}:events.read`] });
    expect(ttsAdmin.status).toBe(201);
    // A tenant-level "Admin" beside the systems' ones is fine too; the default "admin" differs only in case, which counts.
    const before = await roleCount(acme);
    const twice = await createRole(acme, { name: 'admin', system: ims, permissions: [] });
    expect(twice.status).toBe(409);
    expect(twice.json.detail).toMatch(/already exists in this system/);
    const tenantLevel = await createRole(acme, { name: 'Viewer', permissions: ['sites.read'] });
    expect(tenantLevel.status).toBe(409);
    expect(await roleCount(acme)).toBe(before);
    // Another tenant keeps its own namespaces.
    expect((await createRole(other, { name: 'Admin', system: ims, permissions: [`${ims}:stock.adjust`] })).status).toBe(201);
  });

  it('renames within the same rule', async () => {
    const a = await createRole(acme, { name: `Clerk ${unique()}`, system: ims, permissions: [] });
    const b = await createRole(acme, { name: `Clerk ${unique()}`, system: tts, permissions: [] });
    // b takes a's name: another system, allowed; a second IMS role taking it: 409, nothing changed.
    expect((await renameRole(acme, b.json.id, a.json.name)).status).toBe(200);
    const c = await createRole(acme, { name: `Clerk ${unique()}`, system: ims, permissions: [] });
    const clash = await renameRole(acme, c.json.id, a.json.name);
    expect(clash.status).toBe(409);
    const [stored] = await withTenant(acme.id, (tx) => tx.select({ name: roles.name }).from(roles).where(eq(roles.id, c.json.id)));
    expect(stored.name).toBe(c.json.name);
  });

  it('the database refuses a duplicate the checks missed: per system, and among tenant-level roles', async () => {
    const name = `Dup ${unique()}`;
    const [imsRow] = await withTenant(acme.id, (tx) => tx.select({ id: systems.id }).from(systems).where(eq(systems.slug, ims)));
    await withTenant(acme.id, (tx) =>
      tx.insert(roles).values([
        { tenantId: acme.id, name, systemId: imsRow.id },
        { tenantId: acme.id, name },
      ]),
    );
    const [ttsRow] = await withTenant(acme.id, (tx) => tx.select({ id: systems.id }).from(systems).where(eq(systems.slug, tts)));
    expect(await uniqueViolation({ tenantId: acme.id, name, systemId: imsRow.id })).toBe('roles_tenant_system_name_key');
    expect(await uniqueViolation({ tenantId: acme.id, name })).toBe('roles_tenant_system_name_key');
    // The same name in another system goes in.
    expect(await uniqueViolation({ tenantId: acme.id, name, systemId: ttsRow.id })).toBeNull();
  });
});

describe('a role name two roles share, as a reference', () => {
  it('is 400 naming the field and asking for the id (member roles, team roles); the id works; a unique name still works', async () => {
    const imsAdmin = await createRole(acme, { name: `Shared ${unique()}`, system: ims, permissions: [] });
    const shared = imsAdmin.json.name as string;
    const ttsAdmin = await createRole(acme, { name: shared, system: tts, permissions: [] });
    expect(ttsAdmin.status).toBe(201);
    const m = await newMember(acme, ['viewer']);
    const patch = (roles: string[]) =>
      call(patchMemberRoute, {
        method: 'PATCH',
        url: url(acme, `/members/${m.membershipId}`),
        params: { tenant: acme.slug, id: m.membershipId },
        cookie: acme.users.admin.cookie,
        body: { roles },
      });
    const ambiguous = await patch(['viewer', shared]);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.json.errors).toEqual([expect.objectContaining({ path: 'roles.1', message: expect.stringMatching(/id/) })]);
    const held = await withTenant(acme.id, (tx) =>
      tx.select({ id: memberRoles.roleId }).from(memberRoles).where(eq(memberRoles.membershipId, m.membershipId)),
    );
    expect(held.map((r) => r.id)).toEqual([acme.roleIds.viewer]);
    const byId = await patch(['viewer', ttsAdmin.json.id]);
    expect(byId.status).toBe(200);

    const teamName = `Team ${unique()}`;
    const team = (roleIds: string[]) =>
      call(createTeamRoute, {
        method: 'POST',
        url: url(acme, '/teams'),
        params: { tenant: acme.slug },
        cookie: acme.users.admin.cookie,
        body: { name: teamName, roleIds },
      });
    const refused = await team([shared]);
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].path).toBe('roleIds.0');
    expect(await withTenant(acme.id, (tx) => tx.select().from(teams).where(eq(teams.name, teamName)))).toEqual([]);
    const unique_ = await createRole(acme, { name: `Only ${unique()}`, system: ims, permissions: [] });
    expect((await team([unique_.json.name, imsAdmin.json.id])).status).toBe(201);
  });
});
