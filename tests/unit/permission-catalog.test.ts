import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@/lib/access/permissions';
import {
  PERMISSION_AREAS,
  PERMISSION_CATALOG,
  describePermission,
  groupPermissions,
  permissionArea,
  permissionTitle,
} from '@/lib/access/permission-catalog';

describe('the permission catalog', () => {
  it('gives every key a title and a one-line description', () => {
    for (const key of PERMISSIONS) {
      const entry = PERMISSION_CATALOG[key];
      expect(entry, key).toBeDefined();
      expect(entry.title.trim(), key).not.toBe('');
      expect(entry.description.trim(), key).not.toBe('');
      expect(entry.description, key).not.toContain('\n');
      expect(entry.description, `${key} ends its sentence`).toMatch(/\.$/);
      // Plain words: no key, no underscore.
      expect(`${entry.title} ${entry.description}`, key).not.toMatch(/_|[a-z]\.[a-z]/);
    }
    expect(Object.keys(PERMISSION_CATALOG).sort()).toEqual([...PERMISSIONS].sort());
  });

  it('has no two equal titles', () => {
    const titles = PERMISSIONS.map((p) => PERMISSION_CATALOG[p].title.toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('names every area in plain words', () => {
    const areas = new Set(PERMISSIONS.map(permissionArea));
    expect(Object.keys(PERMISSION_AREAS).sort()).toEqual([...areas].sort());
    for (const area of areas) expect(PERMISSION_AREAS[area as keyof typeof PERMISSION_AREAS].name).not.toContain('_');
    expect(describePermission('api_keys.manage')).toMatchObject({ area: 'api_keys', areaName: 'API keys', title: 'Manage API keys' });
  });

  it("shows a downstream system's key with the system's name and no catalog entry", () => {
    const systems = [{ slug: 'lims', name: 'LIMS' }];
    expect(describePermission('lims:samples.read', systems)).toEqual({
      key: 'lims:samples.read',
      title: 'samples.read',
      description: null,
      area: 'lims',
      areaName: 'LIMS',
      system: 'lims',
    });
    expect(permissionTitle('lims:samples.read', systems)).toBe('LIMS samples.read');
    // Unknown system: its slug.
    expect(describePermission('erp:orders.write').areaName).toBe('erp');
  });

  it('groups keys by area in the order given', () => {
    const groups = groupPermissions(
      ['batches.read', 'api_keys.read', 'batches.release', 'lims:samples.read'],
      [{ slug: 'lims', name: 'LIMS' }],
    );
    expect(groups.map((g) => [g.name, g.permissions.map((p) => p.key)])).toEqual([
      ['Batches', ['batches.read', 'batches.release']],
      ['API keys', ['api_keys.read']],
      ['LIMS', ['lims:samples.read']],
    ]);
  });
});
