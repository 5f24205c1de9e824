import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES, PERMISSIONS } from '@/lib/access/permissions';
import {
  ADMIN_PERMISSIONS,
  countFullAdmins,
  holdsEveryAdminPermission,
  leavesNoFullAdmin,
  mayGive,
  mayManageMember,
  mayRemoveFromRole,
  mayScopeApiKey,
  overrideEffects,
  ungrantable,
  ungrantableOverrides,
  unheld,
  withinPower,
} from '@/lib/access/policy';

const roleSet = (name: string) => new Set<string>(DEFAULT_ROLES.find((r) => r.name === name)!.permissions);
const admin = roleSet('admin');
const manager = roleSet('manager');
const qa = roleSet('qa');
const viewer = roleSet('viewer');

describe('what you may grant', () => {
  it('is what you hold; system keys for systems.manage holders; appointed keys only when appointing someone else with roles.manage', () => {
    expect(ungrantable(viewer, ['batches.read'])).toEqual([]);
    expect(ungrantable(viewer, ['batches.read', 'members.invite', 'members.invite'])).toEqual(['members.invite']);
    expect(ungrantable(admin, ['lims:samples.read'])).toEqual([]);
    expect(ungrantable(manager, ['lims:samples.read'])).toEqual(['lims:samples.read']);
    expect(ungrantable(admin, ['batches.release', 'inspections.approve'])).toEqual(['batches.release', 'inspections.approve']);
    expect(ungrantable(admin, ['batches.release'], { appointingOther: true })).toEqual([]);
    expect(ungrantable(manager, ['batches.release'], { appointingOther: true })).toEqual(['batches.release']);
  });

  it('mayGive explains a refusal; API-key scopes and direct grants allow no exception', () => {
    expect(mayGive(admin, qa, { appointingOther: true })).toMatchObject({ allowed: true, missing: [] });
    const refused = mayGive(manager, admin);
    expect(refused.allowed).toBe(false);
    expect(refused.missing).toContain('roles.manage');
    expect(refused.reason).toMatch(/roles\.manage/);
    expect(mayScopeApiKey(admin, ['batches.release', 'lims:samples.read'])).toMatchObject({
      allowed: false,
      missing: ['batches.release', 'lims:samples.read'],
    });
    expect(mayScopeApiKey(admin, ['tenant.read'])).toMatchObject({ allowed: true });
    expect(unheld(admin, ['tenant.read', 'inspections.approve'])).toEqual(['inspections.approve']);
  });

  it('override effects: inherit and deny always; grant only what you hold, or keep a stored grant', () => {
    expect(overrideEffects(manager, 'roles.manage', 'inherit')).toMatchObject({
      inherit: { allowed: true },
      deny: { allowed: true },
      grant: { allowed: false },
    });
    expect(overrideEffects(manager, 'roles.manage', 'grant').grant.allowed).toBe(true);
    expect(overrideEffects(manager, 'members.invite', 'deny').grant.allowed).toBe(true);
    expect(ungrantableOverrides(manager, ['roles.manage', 'members.invite'], ['roles.manage'])).toEqual([]);
    expect(ungrantableOverrides(manager, ['roles.manage', 'tenant.delete'], [])).toEqual(['roles.manage', 'tenant.delete']);
  });
});

describe('manage only within your power', () => {
  it('allows when everything the member holds is grantable; names what is not', () => {
    expect(withinPower(manager, viewer).allowed).toBe(true);
    const refused = withinPower(manager, admin);
    expect(refused.allowed).toBe(false);
    expect(refused.missing).toEqual(ungrantable(manager, admin, { appointingOther: true }));
    // The reason names up to eight of them in key order, then an ellipsis.
    expect(refused.reason).toMatch(/may not grant: Run access reviews \(access_reviews\.manage\), Manage API keys \(api_keys\.manage\),/);
    expect(refused.missing).toContain('tenant.delete');
    // An admin may manage QA people (appointed permissions), a manager may not.
    expect(withinPower(admin, qa).allowed).toBe(true);
    expect(withinPower(manager, qa)).toMatchObject({
      allowed: false,
      missing: ['audit.export', 'batches.release', 'inspections.approve', 'inspections.perform'],
    });
    // An admin holding systems.manage manages people holding a system's keys.
    expect(withinPower(admin, new Set(['lims:samples.read'])).allowed).toBe(true);
  });

  it('refuses yourself unless the act is yours to do', () => {
    const me = { id: 'm1', permissions: admin };
    expect(mayManageMember(me, { id: 'm1', permissions: viewer })).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/your own/),
    });
    expect(mayManageMember(me, { id: 'm1', permissions: viewer }, { allowSelf: true }).allowed).toBe(true);
    expect(mayManageMember(me, { id: 'm2', permissions: qa }).allowed).toBe(true);
    expect(mayManageMember({ id: 'm3', permissions: manager }, { id: 'm1', permissions: admin }).allowed).toBe(false);
  });

  it('the default admin role keeps its permissions; other roles may lose theirs', () => {
    expect(mayRemoveFromRole({ isDefault: true, name: 'admin' }, ['tenant.delete'])).toMatchObject({ allowed: false });
    expect(mayRemoveFromRole({ isDefault: true, name: 'admin' }, []).allowed).toBe(true);
    expect(mayRemoveFromRole({ isDefault: false, name: 'admin' }, ['tenant.delete']).allowed).toBe(true);
    expect(mayRemoveFromRole({ isDefault: true, name: 'manager' }, ['teams.manage']).allowed).toBe(true);
  });
});

describe('the last full admin', () => {
  it('ADMIN_PERMISSIONS is the admin role: the catalog minus the appointed quality decisions', () => {
    expect([...ADMIN_PERMISSIONS].sort()).toEqual([...admin].sort());
    expect(ADMIN_PERMISSIONS).toHaveLength(PERMISSIONS.length - 2);
  });

  it('a full admin holds every admin permission, however they got them; one deny is enough to stop being one', () => {
    expect(holdsEveryAdminPermission(admin)).toBe(true);
    expect(holdsEveryAdminPermission(new Set([...manager, ...qa, ...ADMIN_PERMISSIONS]))).toBe(true);
    const denied = new Set(admin);
    denied.delete('roles.manage');
    expect(holdsEveryAdminPermission(denied)).toBe(false);
    expect(holdsEveryAdminPermission(manager)).toBe(false);
    expect(countFullAdmins([admin, denied, manager, new Set(ADMIN_PERMISSIONS)])).toBe(2);
  });

  it('refuses a change from some full admins to none, and only that', () => {
    expect(leavesNoFullAdmin({ before: 1, after: 0 })).toBe(true);
    expect(leavesNoFullAdmin({ before: 2, after: 0 })).toBe(true);
    expect(leavesNoFullAdmin({ before: 2, after: 1 })).toBe(false);
    expect(leavesNoFullAdmin({ before: 0, after: 0 })).toBe(false); // not made worse
  });
});
