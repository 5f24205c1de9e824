import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { memberRoles, rolePermissions, roles, systems, teamRoles } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, forbidden, notFound, validationFailed, type FieldError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { assertMayGive, keepingAFullAdmin } from './member-guards';
import { decodeCursor, encodeCursor } from './list-cursor';
import { isPermission } from './permissions';
import { mayRemoveFromRole } from './policy';
import { requirePermission } from './require-permission';
import { createRoleSchema, listQuerySchema, updateRoleSchema, type RoleView } from './role-schemas';

/**
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
  return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
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

async function selectRoles(tx: Tx, tenantId: string, where: SQL, limit: number): Promise<Array<RoleView & { systemId: string | null }>> {
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select r.id, r.name, r.description, r.is_default, r.system_id, s.slug as system_slug, r.created_at, r.updated_at,
             array(select rp.permission from role_permissions rp where rp.role_id = r.id order by rp.permission) as permissions,
             (select count(*) from member_roles mr join memberships m on m.id = mr.membership_id
               where mr.role_id = r.id and m.status = 'active')::int as member_count,
             (select count(*) from team_roles tr where tr.role_id = r.id)::int as team_count
        from roles r left join systems s on s.id = r.system_id
       where r.tenant_id = ${tenantId} and ${where}
       order by r.name, r.id
       limit ${limit}`),
  );
  return rows.map((row) => ({ ...view(row), systemId: row.system_id }));
}

const strip = ({ systemId: _systemId, ...rest }: RoleView & { systemId: string | null }): RoleView => rest;

async function loadRole(tx: Tx, tenantId: string, id: string) {
  const [role] = await selectRoles(tx, tenantId, sql`r.id = ${id}`, 1);
  if (!role) throw notFound('role');
  return role;
}

export async function listRoles(ctx: TenantContext, query: unknown = {}): Promise<{ data: RoleView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'roles.read');
  const { limit, cursor } = parseInput(listQuerySchema, query);
  const after = decodeCursor(cursor);
  const where = after ? sql`(r.name, r.id) > (${after.name}, ${after.id}::uuid)` : sql`true`;
  const rows = await selectRoles(ctx.db, ctx.tenant.id, where, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(strip), nextCursor: rows.length > limit && last ? encodeCursor(last.name, last.id) : null };
}

export async function getRole(ctx: TenantContext, id: string): Promise<RoleView> {
  requirePermission(ctx, 'roles.read');
  return strip(await loadRole(ctx.db, ctx.tenant.id, id));
}

/** 400 naming each permission that is not a key of the catalog (or of the role's system). */
function checkKeys(permissions: string[], system: { slug: string; permissions: string[] } | null): void {
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

/** A unique index beat our pre-check (two writers at once): answer 409, not 500. */
export async function uniqueOr409<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code === '23505') throw conflict(message);
    throw error;
  }
}

async function assertNameFree(tx: Tx, tenantId: string, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), sql`lower(${roles.name}) = lower(${name})`));
  if (taken && taken.id !== exceptId) throw conflict(`A role named ${name} already exists.`);
}

export async function createRole(ctx: TenantContext, input: unknown): Promise<RoleView> {
  requirePermission(ctx, 'roles.manage');
  const data = parseInput(createRoleSchema, input);
  let system: { id: string; slug: string; permissions: string[] } | null = null;
  if (data.system) {
    const [found] = await ctx.db
      .select({ id: systems.id, slug: systems.slug, permissions: systems.permissions })
      .from(systems)
      .where(and(eq(systems.tenantId, ctx.tenant.id), eq(systems.slug, data.system)));
    if (!found) throw validationFailed([{ path: 'system', message: `No system ${data.system} in this tenant.` }]);
    system = found;
  }
  checkKeys(data.permissions, system);
  assertMayGive(ctx, data.permissions);
  await assertNameFree(ctx.db, ctx.tenant.id, data.name);
  const [row] = await uniqueOr409(
    ctx.db
      .insert(roles)
      .values({ tenantId: ctx.tenant.id, name: data.name, description: data.description ?? null, systemId: system?.id ?? null })
      .returning({ id: roles.id }),
    `A role named ${data.name} already exists.`,
  );
  if (data.permissions.length > 0) {
    await ctx.db
      .insert(rolePermissions)
      .values(data.permissions.map((permission) => ({ tenantId: ctx.tenant.id, roleId: row.id, permission })));
  }
  const created = strip(await loadRole(ctx.db, ctx.tenant.id, row.id));
  await recordAudit(ctx, {
    action: 'role.created',
    targetType: 'role',
    targetId: created.id,
    before: null,
    after: { name: created.name, description: created.description, system: created.system?.slug ?? null, permissions: created.permissions },
  });
  return created;
}

export async function updateRole(ctx: TenantContext, id: string, input: unknown): Promise<RoleView> {
  requirePermission(ctx, 'roles.manage');
  const data = parseInput(updateRoleSchema, input);
  const before = await loadRole(ctx.db, ctx.tenant.id, id);
  if (data.name !== undefined && data.name !== before.name) {
    if (before.isDefault) throw conflict(`The default role ${before.name} cannot be renamed.`);
    await assertNameFree(ctx.db, ctx.tenant.id, data.name, id);
  }
  let added: string[] = [];
  let removed: string[] = [];
  if (data.permissions) {
    let system: { slug: string; permissions: string[] } | null = null;
    if (before.systemId) {
      const [found] = await ctx.db
        .select({ slug: systems.slug, permissions: systems.permissions })
        .from(systems)
        .where(eq(systems.id, before.systemId));
      system = found ?? { slug: before.system?.slug ?? '?', permissions: [] };
    }
    checkKeys(data.permissions, system);
    added = data.permissions.filter((p) => !before.permissions.includes(p));
    removed = before.permissions.filter((p) => !data.permissions!.includes(p));
    const removal = mayRemoveFromRole(before, removed);
    if (!removal.allowed) throw conflict(removal.reason);
    assertMayGive(ctx, added);
  }
  await ctx.db
    .update(roles)
    .set({
      name: data.name ?? before.name,
      description: data.description === undefined ? before.description : data.description,
      updatedAt: sql`now()`,
    })
    .where(eq(roles.id, id));
  if (removed.length > 0) {
    // Taking permissions from a role may take a full admin's away (a custom role, or a team's): 409 if the last.
    await keepingAFullAdmin(ctx, () =>
      ctx.db.delete(rolePermissions).where(and(eq(rolePermissions.roleId, id), inArray(rolePermissions.permission, removed))),
    );
  }
  if (added.length > 0) {
    await ctx.db.insert(rolePermissions).values(added.map((permission) => ({ tenantId: ctx.tenant.id, roleId: id, permission })));
  }
  const after = await loadRole(ctx.db, ctx.tenant.id, id);
  await recordAudit(ctx, {
    action: 'role.updated',
    targetType: 'role',
    targetId: id,
    before: { name: before.name, description: before.description, permissions: before.permissions },
    after: { name: after.name, description: after.description, permissions: after.permissions },
  });
  return strip(after);
}

export async function deleteRole(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'roles.manage');
  const before = await loadRole(ctx.db, ctx.tenant.id, id);
  if (before.isDefault) throw conflict(`The default role ${before.name} cannot be deleted.`);
  const [held] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(memberRoles).where(eq(memberRoles.roleId, id));
  const [onTeams] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(teamRoles).where(eq(teamRoles.roleId, id));
  if (Number(held.n) > 0 || Number(onTeams.n) > 0) {
    throw conflict(`The role ${before.name} is assigned to ${Number(held.n)} member(s) and ${Number(onTeams.n)} team(s); unassign it first.`);
  }
  await ctx.db.delete(roles).where(eq(roles.id, id));
  await recordAudit(ctx, {
    action: 'role.deleted',
    targetType: 'role',
    targetId: id,
    before: { name: before.name, description: before.description, system: before.system?.slug ?? null, permissions: before.permissions },
    after: null,
  });
}
