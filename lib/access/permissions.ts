/**
 * The permission catalog: every `resource.action` key Custos checks, and the default roles of API.md.
 * Downstream systems add their own keys as `<system-slug>:<resource.action>` (access-control issue).
 */
export const PERMISSIONS = [
  'tenant.read',
  'tenant.update',
  'tenant.delete',
  'members.read',
  'members.invite',
  'members.update',
  'members.remove',
  'roles.read',
  'roles.manage',
  'teams.read',
  'teams.manage',
  'systems.read',
  'systems.manage',
  'api_keys.read',
  'api_keys.manage',
  'audit.read',
  'audit.export',
  'sites.read',
  'sites.manage',
  'batches.read',
  'batches.create',
  'batches.update',
  'batches.transition',
  'batches.release',
  'inspections.read',
  'inspections.perform',
  'inspections.approve',
  'serials.read',
  'serials.generate',
  'serials.update',
  'webhooks.manage',
  'access_reviews.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

const reads = PERMISSIONS.filter((p) => p.endsWith('.read'));

export const DEFAULT_ROLES: ReadonlyArray<{ name: string; description: string; permissions: readonly Permission[] }> = [
  {
    name: 'admin',
    description: 'Runs the tenant: members, access configuration, settings. Does not release batches or approve inspections.',
    permissions: PERMISSIONS.filter((p) => p !== 'batches.release' && p !== 'inspections.approve'),
  },
  {
    name: 'manager',
    description: 'Reads everything; invites and manages people and teams; plans and moves production.',
    permissions: [
      ...reads,
      'members.invite',
      'members.update',
      'teams.manage',
      'sites.manage',
      'batches.create',
      'batches.update',
      'batches.transition',
      'serials.generate',
    ],
  },
  {
    name: 'qa',
    description: 'Quality assurance: performs and approves inspections, releases batches, exports the audit trail.',
    permissions: [...reads, 'inspections.perform', 'inspections.approve', 'batches.release', 'audit.export'],
  },
  {
    name: 'operator',
    description: 'Runs production: creates and moves batches, performs inspections, generates serials.',
    permissions: [
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
    ],
  },
  {
    name: 'viewer',
    description: 'Reads sites, batches, inspections and serials.',
    permissions: ['sites.read', 'batches.read', 'inspections.read', 'serials.read'],
  },
];
