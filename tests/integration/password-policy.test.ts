import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET, PATCH } from '@/app/api/v1/tenants/[tenant]/route';
import { getDb } from '@/db/client';
import { tenants } from '@/db/schema';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';

// The per-tenant password policy and the sign-in security settings, through the real routes.
let acme: TestTenant;

beforeAll(async () => {
  acme = await createTenantWithMembers();
});

const tenantUrl = (slug: string) => `http://localhost/api/v1/tenants/${slug}`;

async function patchSettings(tenant: TestTenant, settings: unknown) {
  return call(PATCH, {
    method: 'PATCH',
    url: tenantUrl(tenant.slug),
    params: { tenant: tenant.slug },
    cookie: tenant.users.admin.cookie,
    body: { settings },
  });
}

describe('tenant settings: sign-in security and password rules', () => {
  it('reads the defaults for a tenant that never changed them', async () => {
    const res = await call(GET, { url: tenantUrl(acme.slug), params: { tenant: acme.slug }, cookie: acme.users.admin.cookie });
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({
      mfaRequired: 'off',
      deactivateAfterDays: null,
      passwordPolicy: { minLength: 12, minScore: 3, historyCount: 5, maxAgeDays: null },
      memberAttributes: [],
    });
  });

  it('merges a partial password policy over the current one and replaces the rest', async () => {
    const first = await patchSettings(acme, { deactivateAfterDays: 90, passwordPolicy: { minLength: 14 } });
    expect(first.status).toBe(200);
    expect(first.json.settings.passwordPolicy).toEqual({ minLength: 14, minScore: 3, historyCount: 5, maxAgeDays: null });
    const second = await patchSettings(acme, { deactivateAfterDays: null, passwordPolicy: { historyCount: 0, maxAgeDays: 365 } });
    expect(second.status).toBe(200);
    expect(second.json.settings).toMatchObject({
      mfaRequired: 'off',
      deactivateAfterDays: null,
      passwordPolicy: { minLength: 14, minScore: 3, historyCount: 0, maxAgeDays: 365 },
    });
    const attributes = [
      { key: 'cost_centre', label: 'Cost centre', type: 'choice', options: ['R&D', 'Production'], required: true },
      { key: 'badge', label: 'Badge number', type: 'number', required: false },
    ];
    const third = await patchSettings(acme, { memberAttributes: attributes });
    expect(third.status).toBe(200);
    expect(third.json.settings.memberAttributes).toEqual(attributes);
    expect(third.json.settings.passwordPolicy.minLength).toBe(14);
    // Put the defaults back for the tests below.
    const reset = await patchSettings(acme, {
      memberAttributes: [],
      passwordPolicy: { minLength: 12, minScore: 3, historyCount: 5, maxAgeDays: null },
    });
    expect(reset.status).toBe(200);
  });

  it('stores who must use a second factor', async () => {
    // A tenant of its own: once admins must use a second factor, this admin (who has none) is stopped there.
    const other = await createTenantWithMembers();
    const res = await patchSettings(other, { mfaRequired: 'admins' });
    expect(res.status).toBe(200);
    expect(res.json.settings.mfaRequired).toBe('admins');
    const db = await getDb();
    const [row] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, other.id));
    expect(row.settings.mfaRequired).toBe('admins');
  });

  it('answers each bad value with 400 naming the field, and writes nothing', async () => {
    const db = await getDb();
    const [before] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, acme.id));
    const choice = (extra: object) => ({ key: 'site', label: 'Site', type: 'choice', required: false, ...extra });
    const cases: Array<[unknown, string]> = [
      [{ mfaRequired: 'sometimes' }, 'settings.mfaRequired'],
      [{ deactivateAfterDays: 7 }, 'settings.deactivateAfterDays'],
      [{ deactivateAfterDays: 4000 }, 'settings.deactivateAfterDays'],
      [{ deactivateAfterDays: 45.5 }, 'settings.deactivateAfterDays'],
      [{ passwordPolicy: { minLength: 7 } }, 'settings.passwordPolicy.minLength'],
      [{ passwordPolicy: { minLength: 129 } }, 'settings.passwordPolicy.minLength'],
      [{ passwordPolicy: { minScore: 5 } }, 'settings.passwordPolicy.minScore'],
      [{ passwordPolicy: { historyCount: 25 } }, 'settings.passwordPolicy.historyCount'],
      [{ passwordPolicy: { maxAgeDays: 29 } }, 'settings.passwordPolicy.maxAgeDays'],
      [{ passwordPolicy: { maxAgeDays: 'never' } }, 'settings.passwordPolicy.maxAgeDays'],
      [{ passwordPolicy: { colour: 'red' } }, 'settings.passwordPolicy.colour'],
      [{ passwordPolicy: null }, 'settings.passwordPolicy'],
      [{ memberAttributes: [{ key: 'Cost Centre', label: 'Cost', type: 'text', required: false }] }, 'settings.memberAttributes.0.key'],
      [{ memberAttributes: [{ key: 'cost', label: '', type: 'text', required: false }] }, 'settings.memberAttributes.0.label'],
      [{ memberAttributes: [{ key: 'cost', label: 'x'.repeat(61), type: 'text', required: false }] }, 'settings.memberAttributes.0.label'],
      [{ memberAttributes: [{ key: 'cost', label: 'Cost', type: 'colour', required: false }] }, 'settings.memberAttributes.0.type'],
      [{ memberAttributes: [{ key: 'cost', label: 'Cost', type: 'text' }] }, 'settings.memberAttributes.0.required'],
      [{ memberAttributes: [choice({})] }, 'settings.memberAttributes.0.options'],
      [{ memberAttributes: [choice({ options: [] })] }, 'settings.memberAttributes.0.options'],
      [{ memberAttributes: [choice({ options: ['Basel', 'basel'] })] }, 'settings.memberAttributes.0.options.1'],
      [
        { memberAttributes: [{ key: 'cost', label: 'Cost', type: 'text', options: ['a'], required: false }] },
        'settings.memberAttributes.0.options',
      ],
      [{ memberAttributes: [choice({ options: ['A'] }), choice({ options: ['B'] })] }, 'settings.memberAttributes.1.key'],
      [
        { memberAttributes: Array.from({ length: 31 }, (_, i) => ({ key: `a${i}`, label: `A${i}`, type: 'text', required: false })) },
        'settings.memberAttributes',
      ],
    ];
    for (const [settings, field] of cases) {
      const res = await patchSettings(acme, settings);
      expect(res.status, JSON.stringify(settings)).toBe(400);
      expect(res.json.code).toBe('validation_failed');
      expect(
        res.json.errors.map((e: { path: string }) => e.path),
        JSON.stringify(settings),
      ).toContain(field);
    }
    const [after] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, acme.id));
    expect(after.settings).toEqual(before.settings);
  });
});
