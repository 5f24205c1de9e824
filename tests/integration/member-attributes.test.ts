import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as exportAudit } from '@/app/api/v1/tenants/[tenant]/audit-events/export/route';
import { PATCH as patchTenant } from '@/app/api/v1/tenants/[tenant]/route';
import { auditEvents, memberships } from '@/db/schema';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, unique, type TestTenant } from '../support/fixtures';
import { getMember as get, listMembers as list, membershipId, patchMember as patch } from '../support/members';

/**
 * Custom member attributes through the API: the tenant defines them (PATCH tenants/{tenant} settings.memberAttributes),
 * members carry values (PATCH members/{id} {attributes}), each type checked by its definition (400 naming
 * `attributes.<key>`, nothing written), required ones enforced, unknown keys refused, the list filtered with
 * `?attribute=key:value`, and each change audited with the changed keys' before and after.
 */

let acme: TestTenant;
let other: TestTenant;
const ids: Record<string, string> = {};
const otherIds: Record<string, string> = {};

const DEFINITIONS = [
  { key: 'department', label: 'Department', type: 'text', required: false },
  { key: 'employee_number', label: 'Employee number', type: 'number', required: false },
  { key: 'gmp_trained_on', label: 'GMP training date', type: 'date', required: false },
  { key: 'site', label: 'Site', type: 'choice', options: ['Berlin', 'Basel'], required: false },
];

async function storedAttributes(t: TestTenant, id: string) {
  const [row] = await withTenant(t.id, (tx) =>
    tx
      .select({ attributes: memberships.attributes })
      .from(memberships)
      .where(and(eq(memberships.tenantId, t.id), eq(memberships.id, id))),
  );
  return row.attributes;
}

const define = (t: TestTenant, definitions: unknown) =>
  call(patchTenant, {
    method: 'PATCH',
    url: `http://localhost/api/v1/tenants/${t.slug}`,
    params: { tenant: t.slug },
    cookie: t.users.admin.cookie,
    body: { settings: { memberAttributes: definitions } },
  });

beforeAll(async () => {
  acme = await createTenantWithMembers();
  other = await createTenantWithMembers();
  for (const role of Object.keys(acme.users) as Array<keyof TestTenant['users']>) {
    ids[role] = await membershipId(acme, acme.users[role].id);
    otherIds[role] = await membershipId(other, other.users[role].id);
  }
  expect((await define(acme, DEFINITIONS)).status).toBe(200);
});

describe('member attributes', () => {
  it('members carry no attributes until set; a value of each type is stored and shown in GET one and the list', async () => {
    expect((await get(acme, ids.qa, acme.users.admin.cookie)).json.attributes).toEqual({});
    const res = await patch(acme, ids.qa, acme.users.admin.cookie, {
      attributes: { department: '  Quality Control ', employee_number: 40215, gmp_trained_on: '2026-02-28', site: 'basel' },
    });
    expect(res.status).toBe(200);
    // Text trimmed, the choice in its option's own spelling.
    expect(res.json.attributes).toEqual({
      department: 'Quality Control',
      employee_number: 40215,
      gmp_trained_on: '2026-02-28',
      site: 'Basel',
    });
    expect(await storedAttributes(acme, ids.qa)).toEqual(res.json.attributes);
    expect((await get(acme, ids.qa, acme.users.manager.cookie)).json.attributes).toEqual(res.json.attributes);
    const all = await list(acme, acme.users.manager.cookie);
    expect(all.json.data.find((m: { id: string }) => m.id === ids.qa).attributes).toEqual(res.json.attributes);
    // A number may come as numeric text (what a form holds).
    const asText = await patch(acme, ids.qa, acme.users.admin.cookie, { attributes: { employee_number: '40216' } });
    expect(asText.json.attributes.employee_number).toBe(40216);
  });

  it('merges: keys left out stay, null or blank clears one', async () => {
    await patch(acme, ids.operator, acme.users.admin.cookie, { attributes: { department: 'Packaging', site: 'Berlin' } });
    const merged = await patch(acme, ids.operator, acme.users.admin.cookie, { attributes: { employee_number: 7 } });
    expect(merged.json.attributes).toEqual({ department: 'Packaging', employee_number: 7, site: 'Berlin' });
    const cleared = await patch(acme, ids.operator, acme.users.admin.cookie, { attributes: { department: null, site: '' } });
    expect(cleared.status).toBe(200);
    expect(cleared.json.attributes).toEqual({ employee_number: 7 });
    expect(await storedAttributes(acme, ids.operator)).toEqual({ employee_number: 7 });
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['department', 'x'.repeat(501), /500 characters/],
    ['department', 12, /Enter text/],
    ['employee_number', 'twelve', /Enter a number/],
    ['employee_number', '1e400', /Enter a number/],
    ['employee_number', 1e16, /too large/],
    ['gmp_trained_on', '2026-02-30', /YYYY-MM-DD/],
    ['gmp_trained_on', '28.02.2026', /YYYY-MM-DD/],
    ['site', 'Paris', /Berlin, Basel/],
    ['nickname', 'Bob', /No such attribute/],
  ];
  it.each(invalid)('refuses %s = %j with 400 naming attributes.<key>, nothing written', async (key, value, message) => {
    const before = await storedAttributes(acme, ids.viewer);
    const res = await patch(acme, ids.viewer, acme.users.admin.cookie, { attributes: { department: 'Ops', [key]: value } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation_failed');
    expect(res.json.errors).toEqual([{ path: `attributes.${key}`, message: expect.stringMatching(message) }]);
    expect(await storedAttributes(acme, ids.viewer)).toEqual(before);
  });

  it('refuses a body that is not a map of values (400 naming the field)', async () => {
    const res = await patch(acme, ids.viewer, acme.users.admin.cookie, { attributes: { department: { nested: true } } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('attributes.department');
    const notObject = await patch(acme, ids.viewer, acme.users.admin.cookie, { attributes: ['Ops'] });
    expect(notObject.status).toBe(400);
    expect(notObject.json.errors[0].path).toBe('attributes');
  });

  it('required attributes: enforced on a change of attributes, not on a change of roles alone', async () => {
    const t = await createTenantWithMembers();
    const op = await membershipId(t, t.users.operator.id);
    expect(
      (
        await define(t, [
          { key: 'cost_centre', label: 'Cost centre', type: 'choice', options: ['R&D', 'Production'], required: true },
          { key: 'badge', label: 'Badge', type: 'text', required: false },
        ])
      ).status,
    ).toBe(200);
    const missing = await patch(t, op, t.users.admin.cookie, { attributes: { badge: 'B-17' } });
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([{ path: 'attributes.cost_centre', message: 'Cost centre is required.' }]);
    expect(await storedAttributes(t, op)).toEqual({});
    const ok = await patch(t, op, t.users.admin.cookie, { attributes: { badge: 'B-17', cost_centre: 'Production' } });
    expect(ok.status).toBe(200);
    const clear = await patch(t, op, t.users.admin.cookie, { attributes: { cost_centre: null } });
    expect(clear.status).toBe(400);
    expect(clear.json.errors[0].path).toBe('attributes.cost_centre');
    // A roles-only change of a member without the required value is not held up by it.
    const viewer = await membershipId(t, t.users.viewer.id);
    expect((await patch(t, viewer, t.users.admin.cookie, { roles: ['viewer', 'operator'] })).status).toBe(200);
  });

  it('a removed definition hides its values (kept stored); an option taken off a choice hides that value', async () => {
    const t = await createTenantWithMembers();
    const op = await membershipId(t, t.users.operator.id);
    await define(t, [
      { key: 'shift', label: 'Shift', type: 'choice', options: ['Early', 'Late'], required: false },
      { key: 'locker', label: 'Locker', type: 'number', required: false },
    ]);
    await patch(t, op, t.users.admin.cookie, { attributes: { shift: 'Late', locker: 12 } });
    await define(t, [{ key: 'shift', label: 'Shift', type: 'choice', options: ['Early'], required: false }]);
    expect((await get(t, op, t.users.admin.cookie)).json.attributes).toEqual({});
    expect(await storedAttributes(t, op)).toEqual({ shift: 'Late', locker: 12 });
    // Changing a defined one keeps the hidden values stored.
    await patch(t, op, t.users.admin.cookie, { attributes: { shift: 'Early' } });
    expect(await storedAttributes(t, op)).toEqual({ shift: 'Early', locker: 12 });
  });

  it('filters the list with attribute=key:value (text by a part in any case, others exactly; several must all match)', async () => {
    const t = await createTenantWithMembers();
    await define(t, DEFINITIONS);
    const m = {
      qa: await membershipId(t, t.users.qa.id),
      operator: await membershipId(t, t.users.operator.id),
      viewer: await membershipId(t, t.users.viewer.id),
    };
    await patch(t, m.qa, t.users.admin.cookie, { attributes: { department: 'Quality Control', site: 'Basel', employee_number: 10 } });
    await patch(t, m.operator, t.users.admin.cookie, {
      attributes: { department: 'Packaging 100%', site: 'Berlin', gmp_trained_on: '2026-03-01' },
    });
    await patch(t, m.viewer, t.users.admin.cookie, {
      attributes: { department: 'Quality Assurance', site: 'Berlin', employee_number: 10.0 },
    });
    const ids = async (qs: string) => {
      const res = await list(t, t.users.manager.cookie, qs);
      expect(res.status).toBe(200);
      return res.json.data.map((x: { id: string }) => x.id).sort();
    };
    expect(await ids('?attribute=department:quality')).toEqual([m.qa, m.viewer].sort());
    expect(await ids(`?attribute=${encodeURIComponent('department:100%')}`)).toEqual([m.operator]);
    expect(await ids('?attribute=department:_')).toEqual([]);
    expect(await ids('?attribute=site:berlin')).toEqual([m.operator, m.viewer].sort());
    expect(await ids('?attribute=employee_number:10')).toEqual([m.qa, m.viewer].sort());
    expect(await ids('?attribute=gmp_trained_on:2026-03-01')).toEqual([m.operator]);
    expect(await ids('?attribute=site:Berlin&attribute=department:assurance')).toEqual([m.viewer]);
    for (const [qs, message] of [
      ['?attribute=nickname:x', /No attribute "nickname"/],
      ['?attribute=site', /key:value/],
      ['?attribute=site:Paris', /Site: Choose one of/],
      ['?attribute=employee_number:ten', /Enter a number/],
      ['?attribute=gmp_trained_on:2026-13-01', /YYYY-MM-DD/],
    ] as const) {
      const res = await list(t, t.users.manager.cookie, qs);
      expect(res.status, qs).toBe(400);
      expect(res.json.errors[0]).toEqual({ path: 'query.attribute', message: expect.stringMatching(message) });
    }
  });

  it('audits the changed keys only, before and after, in the same event as the member update', async () => {
    await patch(acme, ids.viewer, acme.users.admin.cookie, { attributes: { department: 'Warehouse', site: 'Berlin' } });
    const requestId = `attr-${unique()}`;
    const res = await patch(
      acme,
      ids.viewer,
      acme.users.admin.cookie,
      { attributes: { department: 'Warehouse', site: 'Basel', employee_number: 5 } },
      requestId,
    );
    expect(res.status).toBe(200);
    const events = await withTenant(acme.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'member.updated', targetType: 'member', targetId: ids.viewer });
    expect(events[0].before).toMatchObject({ attributes: { site: 'Berlin', employee_number: null } });
    expect(events[0].after).toMatchObject({ attributes: { site: 'Basel', employee_number: 5 } });
    expect((events[0].after as { attributes: object }).attributes).not.toHaveProperty('department');
    // The audit export (there is no members export) carries them in the event's before and after.
    const exported = await call(exportAudit, {
      url: `http://localhost/api/v1/tenants/${acme.slug}/audit-events/export?format=json&targetType=member`,
      params: { tenant: acme.slug },
      cookie: acme.users.admin.cookie,
    });
    expect(exported.status).toBe(200);
    const row = (exported.json as Array<{ requestId?: string; action: string; after: unknown }>).find(
      (e) => e.action === 'member.updated' && JSON.stringify(e.after).includes('"employee_number":5'),
    );
    expect(row?.after).toMatchObject({ attributes: { site: 'Basel', employee_number: 5 } });
  });

  it('role matrix: members.update may set attributes (an admin also their own); others 403; another tenant’s member 404', async () => {
    // A manager may change a viewer's attributes (nothing the manager cannot grant)…
    expect((await patch(acme, ids.viewer, acme.users.manager.cookie, { attributes: { department: 'Stores' } })).status).toBe(200);
    // …but not an admin's (within-your-power rule), nor may a member without members.update.
    expect((await patch(acme, ids.admin, acme.users.manager.cookie, { attributes: { department: 'IT' } })).status).toBe(403);
    for (const role of ['qa', 'operator', 'viewer'] as const) {
      const res = await patch(acme, ids.viewer, acme.users[role].cookie, { attributes: { department: 'Nope' } });
      expect(res.status, role).toBe(403);
    }
    expect((await get(acme, ids.viewer, acme.users.admin.cookie)).json.attributes.department).toBe('Stores');
    // Attributes alone grant nothing: an admin fills in their own; their own roles stay out of reach.
    expect((await patch(acme, ids.admin, acme.users.admin.cookie, { attributes: { department: 'IT' } })).status).toBe(200);
    expect((await patch(acme, ids.admin, acme.users.admin.cookie, { attributes: { department: 'IT' }, roles: ['admin'] })).status).toBe(
      403,
    );
    // Another tenant's member: 404, nothing written there.
    const elsewhere = await patch(acme, otherIds.viewer, acme.users.admin.cookie, { attributes: { department: 'X' } });
    expect(elsewhere.status).toBe(404);
    expect(await storedAttributes(other, otherIds.viewer)).toEqual({});
    // The list filter needs members.read like the list.
    expect((await list(acme, acme.users.operator.cookie, '?attribute=department:IT')).status).toBe(403);
  });

  it('a tenant without definitions refuses any attribute key', async () => {
    const res = await patch(other, otherIds.viewer, other.users.admin.cookie, { attributes: { department: 'X' } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe('attributes.department');
  });
});
