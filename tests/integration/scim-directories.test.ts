import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { memberships, users } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import {
  auditOf,
  createScimToken,
  ENTERPRISE_SCHEMA,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  LIST_RESPONSE,
  PATCH_OP,
  scim,
  USER_SCHEMA,
} from '../support/scim-client';

// The request sequences of Microsoft Entra ID's provisioning docs ("Develop a sample SCIM endpoint" / "Tutorial:
// Develop and plan provisioning for a SCIM endpoint", request examples: create user, get user by query, get user by
// query with zero results, update user [multi-valued properties], disable user, create group, update group [add
// members], update group [remove members], delete group, delete user) and of Okta's SCIM 2.0 guide (create, filter,
// PUT, PATCH deactivate without a path, groups), replayed against the real route handler and database. Each answer is
// checked against RFC 7644: schemas, meta.resourceType and meta.location, ListResponse fields, the error schema.

let t: TestTenant;
let entra: string;
let okta: string;

beforeAll(async () => {
  t = await createTenantWithMembers();
  entra = (await createScimToken(t, 'Entra ID')).token;
  okta = (await createScimToken(t, 'Okta')).token;
});

const base = () => `http://localhost/scim/v2/${t.slug}`;
const filter = (expression: string) => `filter=${encodeURIComponent(expression)}`;

function expectUserShape(user: any, id?: string) {
  expect(user.schemas).toContain(USER_SCHEMA);
  expect(typeof user.id).toBe('string');
  if (id) expect(user.id).toBe(id);
  expect(user.meta.resourceType).toBe('User');
  expect(user.meta.location).toBe(`${base()}/Users/${user.id}`);
  expect(Date.parse(user.meta.created)).not.toBeNaN();
  expect(Date.parse(user.meta.lastModified)).not.toBeNaN();
  expect(user.emails).toEqual([{ value: user.userName, type: 'work', primary: true }]);
  expect(typeof user.active).toBe('boolean');
}

function expectGroupShape(group: any) {
  expect(group.schemas).toEqual([GROUP_SCHEMA]);
  expect(group.meta.resourceType).toBe('Group');
  expect(group.meta.location).toBe(`${base()}/Groups/${group.id}`);
}

function expectList(body: any, total: number) {
  expect(body.schemas).toEqual([LIST_RESPONSE]);
  expect(body.totalResults).toBe(total);
  expect(body.startIndex).toBe(1);
  expect(body.itemsPerPage).toBe(body.Resources.length);
}

describe('Microsoft Entra ID provisioning sequence', () => {
  it('creates, finds, updates, disables and deletes a user, and keeps groups with their members', async () => {
    const userName = `Test_User_${unique()}@contoso.test`;
    const externalId = crypto.randomUUID();

    // Get user by query, zero results (Entra asks before creating).
    const none = await scim(t.slug, entra, 'GET', `Users?${filter(`userName eq "${userName}"`)}`);
    expect(none.status).toBe(200);
    expect(none.headers.get('content-type')).toContain('application/scim+json');
    expectList(none.json, 0);
    expect(none.json.Resources).toEqual([]);

    // Create user (Entra's request body, enterprise extension and all).
    const created = await scim(t.slug, entra, 'POST', 'Users', {
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      externalId,
      userName,
      active: true,
      emails: [{ primary: true, type: 'work', value: userName }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    });
    expect(created.status).toBe(201);
    expectUserShape(created.json);
    expect(created.json).toMatchObject({ userName: userName.toLowerCase(), externalId, active: true, displayName: 'givenName familyName' });
    expect(created.headers.get('location')).toBe(created.json.meta.location);
    const id = created.json.id;
    const [membership] = await withTenant(t.id, (tx) => tx.select().from(memberships).where(eq(memberships.id, id)));
    expect(membership).toMatchObject({ provisionedBy: 'scim', externalId, status: 'active' });
    const db = await getDb();
    const [account] = await db.select().from(users).where(eq(users.id, membership.userId));
    expect(account.passwordHash).toBeNull();
    expect(account.emailVerified).not.toBeNull();

    // Get user by query (userName, externalId and the work email all find them).
    for (const expression of [
      `userName eq "${userName}"`,
      `externalId eq "${externalId}"`,
      `emails[type eq "work"].value eq "${userName}"`,
    ]) {
      const found = await scim(t.slug, entra, 'GET', `Users?${filter(expression)}`);
      expect(found.status, expression).toBe(200);
      expectList(found.json, 1);
      expectUserShape(found.json.Resources[0], id);
    }
    const one = await scim(t.slug, entra, 'GET', `Users/${id}`);
    expect(one.status).toBe(200);
    expectUserShape(one.json, id);

    // Update user [multi-valued properties]: the directory made this account, so the address and name follow it.
    const newAddress = `updated_${unique()}@contoso.test`;
    const updated = await scim(t.slug, entra, 'PATCH', `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: newAddress },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ],
    });
    expect(updated.status).toBe(200);
    expectUserShape(updated.json, id);
    expect(updated.json.userName).toBe(newAddress);
    expect(updated.json.displayName).toBe('givenName updatedFamilyName');

    // Disable user: "False" as Entra sends it too.
    const disabled = await scim(t.slug, entra, 'PATCH', `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(disabled.status).toBe(200);
    expect(disabled.json.active).toBe(false);
    const afterDisable = await scim(t.slug, entra, 'GET', `Users?${filter(`userName eq "${newAddress}"`)}`);
    expect(afterDisable.json.Resources[0].active).toBe(false);
    const enabled = await scim(t.slug, entra, 'PATCH', `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: true }],
    });
    expect(enabled.json.active).toBe(true);

    // Create group.
    const groupExternalId = crypto.randomUUID();
    const groupName = `Group ${unique()}`;
    const group = await scim(t.slug, entra, 'POST', 'Groups', {
      externalId: groupExternalId,
      id: crypto.randomUUID(),
      displayName: groupName,
      meta: { resourceType: 'Group' },
      schemas: [GROUP_SCHEMA],
    });
    expect(group.status).toBe(201);
    expectGroupShape(group.json);
    expect(group.json).toMatchObject({ displayName: groupName, externalId: groupExternalId, members: [] });
    expect(group.headers.get('location')).toBe(group.json.meta.location);
    const gid = group.json.id;

    // Get group by query, without members (Entra's excludedAttributes).
    const byName = await scim(t.slug, entra, 'GET', `Groups?excludedAttributes=members&${filter(`displayName eq "${groupName}"`)}`);
    expect(byName.status).toBe(200);
    expectList(byName.json, 1);
    expect(byName.json.Resources[0].id).toBe(gid);
    expect(byName.json.Resources[0]).not.toHaveProperty('members');

    // Update group [add members].
    const second = await scim(t.slug, entra, 'POST', 'Users', {
      schemas: [USER_SCHEMA],
      userName: `second_${unique()}@contoso.test`,
      active: true,
    });
    const added = await scim(t.slug, entra, 'PATCH', `Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ name: 'addMember', op: 'add', path: 'members', value: [{ $ref: null, value: id }, { value: second.json.id }] }],
    });
    expect(added.status).toBe(200);
    expect(added.json.members.map((m: { value: string }) => m.value).sort()).toEqual([id, second.json.id].sort());
    const member = await scim(t.slug, entra, 'GET', `Users/${id}`);
    expect(member.json.groups).toEqual([{ value: gid, display: groupName, $ref: `${base()}/Groups/${gid}` }]);

    // Update group [update attributes].
    const renamed = await scim(t.slug, entra, 'PATCH', `Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'displayName', value: `${groupName} updatedDisplayName` }],
    });
    expect(renamed.json.displayName).toBe(`${groupName} updatedDisplayName`);

    // Update group [remove members]: with the members in the value, and with a filtered path.
    const removed = await scim(t.slug, entra, 'PATCH', `Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ name: 'removeMember', op: 'remove', path: 'members', value: [{ $ref: null, value: id }] }],
    });
    expect(removed.status).toBe(200);
    expect(removed.json.members.map((m: { value: string }) => m.value)).toEqual([second.json.id]);
    const removedByFilter = await scim(t.slug, entra, 'PATCH', `Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Remove', path: `members[value eq "${second.json.id}"]` }],
    });
    expect(removedByFilter.json.members).toEqual([]);

    // Delete group: the team is gone.
    expect((await scim(t.slug, entra, 'DELETE', `Groups/${gid}`)).status).toBe(204);
    const gone = await scim(t.slug, entra, 'GET', `Groups/${gid}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' });

    // Delete user: suspended, never deleted; the account stays.
    expect((await scim(t.slug, entra, 'DELETE', `Users/${id}`)).status).toBe(204);
    const kept = await scim(t.slug, entra, 'GET', `Users/${id}`);
    expect(kept.status).toBe(200);
    expect(kept.json.active).toBe(false);
    const [still] = await db.select({ id: users.id }).from(users).where(eq(users.id, membership.userId));
    expect(still).toBeDefined();

    // Every change is in the trail under the token's name.
    const rows = rowsOf<{ action: string; actor_name: string }>(
      await withTenant(t.id, (tx) =>
        tx.execute(
          sql`select action, actor_name from audit_events
               where actor_id = (select id::text from scim_tokens where name = 'Entra ID' and tenant_id = ${t.id}) order by seq`,
        ),
      ),
    );
    expect(new Set(rows.map((r) => r.actor_name))).toEqual(new Set(['SCIM (Entra ID)']));
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'member.provisioned',
        'member.updated',
        'member.suspended',
        'member.reactivated',
        'team.created',
        'team.members_updated',
        'team.updated',
        'team.deleted',
      ]),
    );
  });
});

describe('Okta SCIM 2.0 sequence', () => {
  it('creates, filters, replaces, deactivates with a PATCH without a path, and keeps groups', async () => {
    const userName = `test.user.${unique()}@okta.local`;
    const search = await scim(t.slug, okta, 'GET', `Users?${filter(`userName eq "${userName}"`)}&startIndex=1&count=100`);
    expect(search.status).toBe(200);
    expectList(search.json, 0);

    const body = {
      schemas: [USER_SCHEMA],
      userName,
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: userName, type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: `00u${unique()}`,
      groups: [],
      password: '1mz050nq',
      active: true,
    };
    const created = await scim(t.slug, okta, 'POST', 'Users', body);
    expect(created.status).toBe(201);
    expectUserShape(created.json);
    expect(created.json).toMatchObject({ userName, displayName: 'Test User', externalId: body.externalId, active: true });
    const id = created.json.id;
    // Okta's password is not taken: the account signs in through the tenant's SSO (or a reset it asks for).
    const [account] = await (
      await getDb()
    )
      .select()
      .from(users)
      .where(eq(sql`lower(${users.email})`, userName));
    expect(account.passwordHash).toBeNull();

    const found = await scim(t.slug, okta, 'GET', `Users?${filter(`userName eq "${userName}"`)}&startIndex=1&count=100`);
    expectList(found.json, 1);
    expect(found.json.Resources[0].id).toBe(id);

    // Creating the same person again: 409 uniqueness.
    const again = await scim(t.slug, okta, 'POST', 'Users', body);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '409', scimType: 'uniqueness' });

    // PUT: the whole user.
    const replaced = await scim(t.slug, okta, 'PUT', `Users/${id}`, {
      ...body,
      id,
      name: { givenName: 'Tess', familyName: 'User' },
      displayName: 'Tess User',
    });
    expect(replaced.status).toBe(200);
    expectUserShape(replaced.json, id);
    expect(replaced.json.displayName).toBe('Tess User');

    // Deactivate: replace without a path, value {active:false}.
    const deactivated = await scim(t.slug, okta, 'PATCH', `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.json.active).toBe(false);
    const [row] = await withTenant(t.id, (tx) => tx.select().from(memberships).where(eq(memberships.id, id)));
    expect(row.status).toBe('suspended');
    expect(row.suspendedReason).toMatch(/directory/);

    const reactivated = await scim(t.slug, okta, 'PATCH', `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(reactivated.json.active).toBe(true);

    // Okta's older flow: PUT with active false.
    const putInactive = await scim(t.slug, okta, 'PUT', `Users/${id}`, { ...body, id, active: false });
    expect(putInactive.status).toBe(200);
    expect(putInactive.json.active).toBe(false);

    // Groups: create, rename with a replace without a path, add, replace the list with PUT, remove by filter.
    const groupName = `Test SCIMv2 ${unique()}`;
    const group = await scim(t.slug, okta, 'POST', 'Groups', { schemas: [GROUP_SCHEMA], displayName: groupName, members: [] });
    expect(group.status).toBe(201);
    expectGroupShape(group.json);
    const gid = group.json.id;
    const renamed = await scim(t.slug, okta, 'PATCH', `Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { id: gid, displayName: `${groupName} renamed` } }],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json.displayName).toBe(`${groupName} renamed`);
    const added = await scim(t.slug, okta, 'PATCH', `Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: id, display: userName }] }],
    });
    expect(added.json.members).toEqual([{ value: id, display: userName, $ref: `${base()}/Users/${id}` }]);
    const other = await scim(t.slug, okta, 'POST', 'Users', { schemas: [USER_SCHEMA], userName: `other.${unique()}@okta.local` });
    const put = await scim(t.slug, okta, 'PUT', `Groups/${gid}`, {
      schemas: [GROUP_SCHEMA],
      id: gid,
      displayName: `${groupName} renamed`,
      members: [{ value: other.json.id }],
    });
    expect(put.status).toBe(200);
    expect(put.json.members.map((m: { value: string }) => m.value)).toEqual([other.json.id]);
    const removed = await scim(t.slug, okta, 'PATCH', `Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${other.json.id}"]` }],
    });
    expect(removed.json.members).toEqual([]);

    const events = await auditOf(t.id, 'member.provisioned', id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'system', actorName: 'SCIM (Okta)' });
  });

  it('reuses an existing account but leaves its name and address alone (the account is the person’s own)', async () => {
    const t2 = await createTenantWithMembers();
    const token = (await createScimToken(t2, 'Okta')).token;
    const person = t.users.viewer; // an account with a membership elsewhere
    const created = await scim(t2.slug, token, 'POST', 'Users', {
      schemas: [USER_SCHEMA],
      userName: person.email,
      displayName: 'Someone Else',
    });
    expect(created.status).toBe(201);
    expect(created.json.displayName).toBe(person.name);
    const [event] = await auditOf(t2.id, 'member.provisioned', created.json.id);
    expect(event.after).toMatchObject({ accountCreated: false, email: person.email });
    const patched = await scim(t2.slug, token, 'PATCH', `Users/${created.json.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'displayName', value: 'Renamed By Directory' },
        { op: 'replace', path: 'userName', value: `elsewhere.${unique()}@okta.local` },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ displayName: person.name, userName: person.email });
    const [account] = await (await getDb()).select().from(users).where(eq(users.id, person.id));
    expect(account).toMatchObject({ name: person.name, email: person.email });
  });
});
