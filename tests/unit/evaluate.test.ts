import { describe, expect, it } from 'vitest';
import { evaluate, explain, type AccessSource } from '@/lib/access/evaluate';
import { unheld } from '@/lib/access/policy';

const role = (name: string): AccessSource => ({ type: 'role', id: `role-${name}`, name });
const team = (name: string, roleName: string): AccessSource => ({
  type: 'team',
  id: `team-${name}`,
  name,
  role: { id: `role-${roleName}`, name: roleName },
});
const grant: AccessSource = { type: 'grant' };

describe('permission evaluator', () => {
  it('unions roles, team roles and direct grants', () => {
    const access = evaluate({
      grants: [
        { permission: 'batches.read', source: role('viewer') },
        { permission: 'sites.manage', source: team('site-leads', 'manager') },
        { permission: 'audit.read', source: grant },
      ],
      denies: [],
    });
    expect([...access.permissions].sort()).toEqual(['audit.read', 'batches.read', 'sites.manage']);
  });

  it('lets an explicit deny beat every grant, and explains it', () => {
    const access = evaluate({
      grants: [
        { permission: 'batches.release', source: role('qa') },
        { permission: 'batches.release', source: team('qa-team', 'qa') },
        { permission: 'batches.release', source: grant },
      ],
      denies: ['batches.release'],
    });
    expect(access.permissions.has('batches.release')).toBe(false);
    expect(explain(access, 'batches.release')).toEqual({ allowed: false, reason: 'deny', source: { type: 'deny' } });
  });

  it('denies by default when nothing grants', () => {
    const access = evaluate({ grants: [{ permission: 'batches.read', source: role('viewer') }], denies: [] });
    expect(explain(access, 'batches.create')).toEqual({ allowed: false, reason: 'default_deny', source: { type: 'default_deny' } });
    // A deny of something never granted changes nothing else.
    const withDeny = evaluate({ grants: [{ permission: 'batches.read', source: role('viewer') }], denies: ['tenant.delete'] });
    expect(withDeny.permissions).toEqual(new Set(['batches.read']));
  });

  it('names the most direct source: grant, then role, then team', () => {
    const access = evaluate({
      grants: [
        { permission: 'a.read', source: team('t1', 'viewer') },
        { permission: 'a.read', source: role('viewer') },
        { permission: 'b.read', source: team('night-shift', 'operator') },
        { permission: 'c.read', source: role('viewer') },
        { permission: 'c.read', source: grant },
      ],
      denies: [],
    });
    expect(explain(access, 'a.read').reason).toBe('role:viewer');
    expect(explain(access, 'b.read')).toMatchObject({ allowed: true, reason: 'team:night-shift', source: { role: { name: 'operator' } } });
    expect(explain(access, 'c.read').reason).toBe('grant');
  });

  it('keeps system-scoped keys apart from tenant keys', () => {
    const access = evaluate({ grants: [{ permission: 'lims:samples.read', source: role('lims-reader') }], denies: [] });
    expect(access.permissions.has('lims:samples.read')).toBe(true);
    expect(access.permissions.has('samples.read')).toBe(false);
    expect(explain(access, 'erp:samples.read').reason).toBe('default_deny');
  });

  it('checks that a grantor holds everything they grant', () => {
    const access = evaluate({
      grants: [
        { permission: 'batches.read', source: role('viewer') },
        { permission: 'members.invite', source: role('viewer') },
      ],
      denies: ['members.invite'],
    });
    expect(unheld(access.permissions, ['batches.read'])).toEqual([]);
    expect(unheld(access.permissions, ['batches.read', 'members.invite'])).toEqual(['members.invite']);
    expect(unheld(access.permissions, [])).toEqual([]);
  });
});
