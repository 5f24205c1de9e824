import { and, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { roles } from '@/db/schema';
import { conflict, notFound, validationFailed, type FieldError } from '@/lib/errors';
import { isPermission } from './permissions';
import type { RoleView } from './role-schemas';

/**
 * The loaders and checks the role operations share (list-roles, get-role, create-role, update-role, delete-role).
 *
 * Roles of a tenant: the five defaults and custom ones, optionally scoped to a downstream system.
 *
 * Rules: keys must be catalog keys, or for a system role only that system's keys; the default roles keep
 * their names and cannot be deleted, and `admin` keeps every permission it has; nobody puts a permission
 * into a role that they do not hold themselves (no escalation) — for a system's keys, holding
 * `systems.manage` counts, since its holder defines those keys anyway; names are unique per tenant.
 */

type Row = {
  id: string;
  name: string;
  description: string | null;
  is_default: boolean;
  system_slug: string | null;
  system_id: string | null;
  permissions: string[] | string | null;
  member_count: number | string;
  team_count: number | string;
  created_at: Date | string;
  updated_at: Date | string;
};

const iso = (value: Date | string) => new Date(value).toISOString();

function toArray(value: string[] | string | null): string[] {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  // A text[] literal `{a,b}` from a driver that does not parse arrays.
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((s) => s.replace(/^"|"$/g, ''));
}

function view(row: Row): RoleView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isDefault: row.is_default,
    system: row.system_slug ? { slug: row.system_slug } : null,
    permissions: toArray(row.permissions).sort(),
    memberCount: Number(row.member_count),
    teamCount: Number(row.team_count),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function selectRoles(
  tx: Tx,
  tenantId: string,
  where: SQL,
  limit: number,
): Promise<Array<RoleView & { systemId: string | null }>> {
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select r.id, r.name, r.description, r.is_default, r.system_id, s.slug as system_slug, r.created_at, r.updated_at,
             array(select rp.permission from role_permissions rp where rp.role_id = r.id order by rp.permission) as permissions,
             (select count(*) from member_roles mr join memberships m on m.id = mr.membership_id
               where mr.role_id = r.id and m.status in ('active', 'suspended'))::int as member_count,
             (select count(*) from team_roles tr where tr.role_id = r.id)::int as team_count
        from roles r left join systems s on s.id = r.system_id
       where r.tenant_id = ${tenantId} and ${where}
       order by r.name, r.id
       limit ${limit}`),
  );
  return rows.map((row) => ({ ...view(row), systemId: row.system_id }));
}

export const strip = ({ systemId: _systemId, ...rest }: RoleView & { systemId: string | null }): RoleView => rest;

export async function loadRole(tx: Tx, tenantId: string, id: string) {
  const [role] = await selectRoles(tx, tenantId, sql`r.id = ${id}`, 1);
  if (!role) throw notFound('role');
  return role;
}

/** 400 naming each permission that is not a key of the catalog (or of the role's system). */
export function checkKeys(permissions: string[], system: { slug: string; permissions: string[] } | null): void {
  const errors: FieldError[] = [];
  permissions.forEach((permission, i) => {
    if (system) {
      if (!system.permissions.includes(permission)) {
        errors.push({ path: `permissions.${i}`, message: `Not a permission of the ${system.slug} system: ${permission}` });
      }
    } else if (!isPermission(permission)) {
      errors.push({ path: `permissions.${i}`, message: `Unknown permission: ${permission}` });
    }
  });
  if (errors.length > 0) throw validationFailed(errors);
}

/**
 * 409 when another role already has this name (case-insensitive) in the same namespace: the same system, or the
 * tenant-level roles when `systemId` is null. Two systems may each have an "Admin" (roles_tenant_system_name_key).
 */
export async function assertNameFree(tx: Tx, tenantId: string, name: string, systemId: string | null, exceptId?: string) {
  const [taken] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(
      and(
        eq(roles.tenantId, tenantId),
        sql`lower(${roles.name}) = lower(${name})`,
        systemId === null ? isNull(roles.systemId) : eq(roles.systemId, systemId),
        exceptId === undefined ? undefined : ne(roles.id, exceptId),
      ),
    )
    .limit(1);
  if (taken) throw conflict(`A role named ${name} already exists ${systemId === null ? 'in this tenant' : 'in this system'}.`);
}
