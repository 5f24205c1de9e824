import { PERMISSIONS, type Permission } from './permissions';

/**
 * The permission catalog in plain words: every key of PERMISSIONS with a title ("Manage API keys") and a one-line
 * description, and every area (the key's resource, `api_keys`) with a name ("API keys"). The console shows the title
 * and description with the key beside them as code (roles matrix, overrides, effective permissions, API-key scopes).
 * Downstream systems' keys (`<slug>:<resource.action>`) have no entry: they read as their key with the system's name.
 */

export type PermissionArea = Permission extends `${infer A}.${string}` ? A : never;

export const PERMISSION_AREAS: Record<PermissionArea, { name: string; description: string }> = {
  tenant: { name: 'Tenant', description: 'The tenant itself: its name, plan, settings and existence.' },
  members: { name: 'Members', description: 'The people of the tenant and their invitations.' },
  roles: { name: 'Roles', description: 'Roles and the permissions they grant.' },
  teams: { name: 'Teams', description: 'Teams, their members and their roles.' },
  systems: { name: 'Downstream systems', description: 'Connected systems and their own permissions.' },
  api_keys: { name: 'API keys', description: 'Keys that let programs call the API.' },
  audit: { name: 'Audit trail', description: 'The tamper-evident record of every change.' },
  sites: { name: 'Sites', description: 'Manufacturing sites.' },
  batches: { name: 'Batches', description: 'Batch records and their lifecycle.' },
  inspections: { name: 'Inspections', description: 'Quality inspections of batches.' },
  serials: { name: 'Serials', description: 'Serial numbers of packs and their status.' },
  webhooks: { name: 'Webhooks', description: 'Endpoints that receive the tenant’s events, and their delivery log.' },
  access_reviews: { name: 'Access reviews', description: 'Periodic reviews of who has access, with signed decisions and reports.' },
};

export const PERMISSION_CATALOG: Record<Permission, { title: string; description: string }> = {
  'tenant.read': { title: 'View the tenant', description: "See the tenant's name, plan, seats and settings." },
  'tenant.update': { title: 'Change tenant settings', description: 'Rename the tenant and change its session and signature settings.' },
  'tenant.delete': { title: 'Delete the tenant', description: 'Delete the tenant with all its records.' },
  'members.read': { title: 'View members', description: 'See who belongs to the tenant, with their roles, teams and permissions.' },
  'members.invite': { title: 'Invite members', description: 'Send, resend and revoke invitations to join the tenant.' },
  'members.update': { title: 'Change members', description: "Change a member's roles, teams, permission overrides and attributes." },
  'members.remove': { title: 'Remove members', description: 'Take people out of the tenant; their records stay.' },
  'roles.read': { title: 'View roles', description: 'See the roles and the permissions each one grants.' },
  'roles.manage': { title: 'Manage roles', description: 'Create, change and delete roles.' },
  'teams.read': { title: 'View teams', description: 'See the teams, their members and their roles.' },
  'teams.manage': { title: 'Manage teams', description: 'Create, change and delete teams and set their members.' },
  'systems.read': { title: 'View downstream systems', description: 'See the connected systems and the permissions they define.' },
  'systems.manage': { title: 'Manage downstream systems', description: 'Connect, change and remove downstream systems.' },
  'api_keys.read': { title: 'View API keys', description: "See the tenant's API keys, their scopes and when they were last used." },
  'api_keys.manage': { title: 'Manage API keys', description: "Create and revoke the tenant's API keys." },
  'audit.read': { title: 'View the audit trail', description: 'Read every audited change and verify that the trail is intact.' },
  'audit.export': { title: 'Export the audit trail', description: 'Download the audit trail as CSV or JSON.' },
  'sites.read': { title: 'View sites', description: 'See the manufacturing sites.' },
  'sites.manage': { title: 'Manage sites', description: 'Create sites, correct them and take them in or out of use.' },
  'batches.read': { title: 'View batches', description: 'See batch records with their history, notes and files, and export them.' },
  'batches.create': { title: 'Plan batches', description: 'Create new batch records.' },
  'batches.update': { title: 'Correct batches', description: "Correct a batch record's details, add notes and attach files." },
  'batches.transition': {
    title: 'Move batches',
    description: 'Start production, quarantine a batch and submit it for review.',
  },
  'batches.release': { title: 'Release batches', description: 'Release, reject or recall a batch, with an electronic signature.' },
  'inspections.read': { title: 'View inspections', description: 'See inspections with their measurements and results.' },
  'inspections.perform': { title: 'Record inspections', description: 'Record inspections and retests of a batch.' },
  'inspections.approve': {
    title: 'Review inspections',
    description: 'Approve or reject a recorded inspection, with an electronic signature.',
  },
  'serials.read': { title: 'View serials', description: "See a batch's serial numbers and export them." },
  'serials.generate': { title: 'Generate serials', description: 'Request new serial numbers for a batch.' },
  'serials.update': {
    title: 'Change serial status',
    description: 'Move serials through their life: release, ship, dispense, destroy, recall.',
  },
  'webhooks.manage': {
    title: 'Manage webhooks',
    description: 'Add, change and remove webhook endpoints, rotate their secrets, read their delivery log and replay deliveries.',
  },
  'access_reviews.manage': {
    title: 'Run access reviews',
    description: 'Start, follow and close access-review campaigns, read their reports, and review when chosen as the admins.',
  },
};

/** One permission as the console shows it: title and description (null for a system's key), key, and its area. */
export type PermissionInfo = {
  key: string;
  title: string;
  description: string | null;
  /** `api_keys`, or `<slug>` for a downstream system's key. */
  area: string;
  areaName: string;
  /** The system whose key this is (`<slug>:…`), else null. */
  system: string | null;
};

/** A downstream system as far as the words need it. */
export type SystemName = { slug: string; name: string };

const isCatalogKey = (key: string): key is Permission => (PERMISSIONS as readonly string[]).includes(key);
const isArea = (area: string): area is PermissionArea => Object.hasOwn(PERMISSION_AREAS, area);

/** The area of a key: its resource (`api_keys`), or the system's slug for `<slug>:<resource.action>`. */
export function permissionArea(key: string): string {
  const colon = key.indexOf(':');
  return colon >= 0 ? key.slice(0, colon) : key.split('.')[0];
}

/** The plain name of an area: "API keys"; a system's name (or its slug when unknown). */
export function areaName(area: string, systems: readonly SystemName[] = []): string {
  if (isArea(area)) return PERMISSION_AREAS[area].name;
  return systems.find((s) => s.slug === area)?.name ?? area;
}

/** A key in plain words; a downstream system's key keeps its key as title, under the system's name. */
export function describePermission(key: string, systems: readonly SystemName[] = []): PermissionInfo {
  const area = permissionArea(key);
  if (isCatalogKey(key)) {
    return { key, ...PERMISSION_CATALOG[key], area, areaName: areaName(area), system: null };
  }
  const colon = key.indexOf(':');
  return {
    key,
    title: colon >= 0 ? key.slice(colon + 1) : key,
    description: null,
    area,
    areaName: areaName(area, systems),
    system: colon >= 0 ? area : null,
  };
}

/** The title of a key, for a sentence or an aria-label: "Manage API keys"; a system's key as `LIMS samples.read`. */
export function permissionTitle(key: string, systems: readonly SystemName[] = []): string {
  const info = describePermission(key, systems);
  return info.system ? `${info.areaName} ${info.title}` : info.title;
}

/**
 * Keys grouped by area in the order given (catalog areas first as they come, then systems), each area with its
 * plain name: `[{ area: 'api_keys', name: 'API keys', permissions: [...] }, …]`.
 */
export function groupPermissions(
  keys: readonly string[],
  systems: readonly SystemName[] = [],
): Array<{ area: string; name: string; permissions: PermissionInfo[] }> {
  const groups = new Map<string, PermissionInfo[]>();
  for (const key of keys) {
    const info = describePermission(key, systems);
    const list = groups.get(info.area);
    if (list) list.push(info);
    else groups.set(info.area, [info]);
  }
  return [...groups.entries()].map(([area, permissions]) => ({ area, name: permissions[0].areaName, permissions }));
}

/** Keys in catalog order (the catalog's areas as PERMISSIONS lists them), then downstream systems' keys A–Z. */
export function inCatalogOrder(keys: readonly string[]): string[] {
  const rank = (key: string) => {
    const i = (PERMISSIONS as readonly string[]).indexOf(key);
    return i < 0 ? PERMISSIONS.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
