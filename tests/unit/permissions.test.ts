import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES, PERMISSIONS } from '@/lib/access/permissions';

// The default roles must be exactly the table of API.md.
const role = (name: string) => new Set(DEFAULT_ROLES.find((r) => r.name === name)!.permissions);
const reads = PERMISSIONS.filter((p) => p.endsWith('.read'));

describe('default roles', () => {
  it('are admin, manager, qa, operator and viewer', () => {
    expect(DEFAULT_ROLES.map((r) => r.name)).toEqual(['admin', 'manager', 'qa', 'operator', 'viewer']);
    // API.md's catalog (29 keys) plus webhooks.manage and access_reviews.manage from its second-wave section.
    expect(PERMISSIONS).toHaveLength(32);
    expect(PERMISSIONS.slice(-2)).toEqual(['webhooks.manage', 'access_reviews.manage']);
  });

  it('admin holds everything except batch release and inspection approval', () => {
    expect([...PERMISSIONS].filter((p) => !role('admin').has(p))).toEqual(['batches.release', 'inspections.approve']);
  });

  it('manager, qa, operator and viewer match the role table', () => {
    expect(role('manager')).toEqual(
      new Set([
        ...reads,
        'members.invite',
        'members.update',
        'teams.manage',
        'sites.manage',
        'batches.create',
        'batches.update',
        'batches.transition',
        'serials.generate',
      ]),
    );
    expect(role('qa')).toEqual(new Set([...reads, 'inspections.perform', 'inspections.approve', 'batches.release', 'audit.export']));
    expect(role('operator')).toEqual(
      new Set([
        'sites.read',
        'batches.read',
        'batches.create',
        'batches.update',
        'batches.transition',
        'inspections.read',
        'inspections.perform',
        'serials.read',
        'serials.generate',
        'serials.update',
      ]),
    );
    expect(role('viewer')).toEqual(new Set(['sites.read', 'batches.read', 'inspections.read', 'serials.read']));
  });
});
