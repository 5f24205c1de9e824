import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { memberships, rolePermissions, roles, teamMembers, teamRoles, teams } from '@/db/schema';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime, isText } from '@/lib/access/list-cursor';
import { assertMayGive, assertMayManageMembers, keepingAFullAdmin } from '@/lib/access/member-guards';
import { uniqueOr409 } from '@/lib/access/roles';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, notFound, validationFailed } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import {
  createTeamSchema,
  listTeamsQuerySchema,
  setTeamMembersSchema,
  updateTeamSchema,
  type TeamMemberView,
  type TeamSort,
  type TeamView,
} from './team-schemas';

/**
 * Teams hold members and roles: a member gets the permissions of their teams' roles
 * (lib/access/member-access.ts). No escalation: attaching a role to a team, or putting people into a team,
 * needs the actor to hold every permission of the team's roles. Changing a team's roles, deleting it, or
 * putting people in or out of it changes those people's access: each must be within the actor's power, and
 * the tenant's last full admin stays one (409). Rules: lib/access/policy.ts.
 */

type Row = {
  id: string;
  name: string;
  description: string | null;
  roles: string;
  members: string;
  created_at: Date | string;
  updated_at: Date | string;
  sort_key: string;
};

/** Each order of the list: its columns, the sort column as the cursor's key, and the rows after a cursor's row. */
const ORDERS: Record<TeamSort, { by: SQL; key: SQL; after: (cursor: string) => SQL }> = {
  name: {
    by: sql`t.name, t.id`,
    key: sql`t.name`,
    after: (cursor) => {
      const { key, id } = decodeSortCursor(cursor, 'name', isText);
      return sql`(t.name, t.id) > (${key}, ${id}::uuid)`;
    },
  },
  created: {
    by: sql`t.created_at desc, t.id desc`,
    key: cursorTime(sql`t.created_at`),
    after: (cursor) => {
      const { key, id } = decodeSortCursor(cursor, 'created', isCursorTime);
      return sql`(t.created_at, t.id) < (${cursorTimeValue(key)}, ${id}::uuid)`;
    },
  },
};

async function selectTeams(
  tx: Tx,
  tenantId: string,
  where: SQL,
  limit: number,
  sort: TeamSort = 'name',
): Promise<Array<{ team: TeamView; sortKey: string }>> {
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select t.id, t.name, t.description, t.created_at, t.updated_at, ${ORDERS[sort].key} as sort_key,
             coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name) order by r.name)
                         from team_roles tr join roles r on r.id = tr.role_id where tr.team_id = t.id), '[]'::json)::text as roles,
             coalesce((select json_agg(json_build_object('membershipId', m.id,
                                'user', json_build_object('id', u.id, 'name', u.name, 'email', u.email)) order by u.email)
                         from team_members tm join memberships m on m.id = tm.membership_id join users u on u.id = m.user_id
                        where tm.team_id = t.id and m.status = 'active'), '[]'::json)::text as members
        from teams t
       where t.tenant_id = ${tenantId} and ${where}
       order by ${ORDERS[sort].by}
       limit ${limit}`),
  );
  return rows.map((row) => {
    const members = JSON.parse(row.members) as TeamMemberView[];
    const team: TeamView = {
      id: row.id,
      name: row.name,
      description: row.description,
      roles: JSON.parse(row.roles) as TeamView['roles'],
      members,
      memberCount: members.length,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
    return { team, sortKey: row.sort_key };
  });
}

async function loadTeam(tx: Tx, tenantId: string, id: string): Promise<TeamView> {
  const [row] = await selectTeams(tx, tenantId, sql`t.id = ${id}`, 1);
  if (!row) throw notFound('team');
  return row.team;
}

const memberIds = (team: TeamView) => team.members.map((m) => m.membershipId);

/** "Member a@b.c" for a member of the team, by membership id (refusals name whom they are about). */
const describeMember = (team: TeamView) => (membershipId: string) => {
  const member = team.members.find((m) => m.membershipId === membershipId);
  return `Member ${member?.user.email ?? membershipId}`;
};

const snapshot = (team: TeamView) => ({
  name: team.name,
  description: team.description,
  roles: team.roles.map((r) => r.name).sort(),
});

/** Teams with their roles and members; `q` matches part of the name; `sort` is `name` (A–Z) or `created` (newest first). */
export async function listTeams(ctx: TenantContext, query: unknown = {}): Promise<{ data: TeamView[]; nextCursor: string | null }> {
  requirePermission(ctx, 'teams.read');
  const { limit, cursor, q, sort } = parseInput(listTeamsQuerySchema, query);
  const conditions: SQL[] = [sql`true`];
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`t.name ilike ${pattern}`);
  }
  if (cursor) conditions.push(ORDERS[sort].after(cursor));
  const rows = await selectTeams(ctx.db, ctx.tenant.id, sql.join(conditions, sql` and `), limit + 1, sort);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map((r) => r.team), nextCursor: rows.length > limit && last ? encodeSortCursor(sort, last.sortKey, last.team.id) : null };
}

export async function getTeam(ctx: TenantContext, id: string): Promise<TeamView> {
  requirePermission(ctx, 'teams.read');
  return loadTeam(ctx.db, ctx.tenant.id, id);
}

/** Every role id must be a role of this tenant (400 naming `roleIds.N`); returns their permissions. */
async function rolesPermissions(ctx: TenantContext, roleIds: string[]): Promise<string[]> {
  if (roleIds.length === 0) return [];
  const found = await ctx.db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, ctx.tenant.id), inArray(roles.id, roleIds)));
  const known = new Set(found.map((r) => r.id));
  const errors = roleIds.flatMap((id, i) => (known.has(id) ? [] : [{ path: `roleIds.${i}`, message: 'No such role in this tenant.' }]));
  if (errors.length > 0) throw validationFailed(errors);
  const perms = await ctx.db
    .selectDistinct({ permission: rolePermissions.permission })
    .from(rolePermissions)
    .where(inArray(rolePermissions.roleId, roleIds));
  return perms.map((p) => p.permission);
}

async function assertNameFree(ctx: TenantContext, name: string, exceptId?: string) {
  const [taken] = await ctx.db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.tenantId, ctx.tenant.id), sql`lower(${teams.name}) = lower(${name})`));
  if (taken && taken.id !== exceptId) throw conflict(`A team named ${name} already exists.`);
}

export async function createTeam(ctx: TenantContext, input: unknown): Promise<TeamView> {
  requirePermission(ctx, 'teams.manage');
  const data = parseInput(createTeamSchema, input);
  const roleIds = data.roleIds ?? [];
  assertMayGive(ctx, await rolesPermissions(ctx, roleIds));
  await assertNameFree(ctx, data.name);
  const [row] = await uniqueOr409(
    ctx.db.insert(teams).values({ tenantId: ctx.tenant.id, name: data.name, description: data.description ?? null }).returning({ id: teams.id }),
    `A team named ${data.name} already exists.`,
  );
  if (roleIds.length > 0) {
    await ctx.db.insert(teamRoles).values(roleIds.map((roleId) => ({ tenantId: ctx.tenant.id, teamId: row.id, roleId })));
  }
  const created = await loadTeam(ctx.db, ctx.tenant.id, row.id);
  await recordAudit(ctx, { action: 'team.created', targetType: 'team', targetId: row.id, before: null, after: snapshot(created) });
  return created;
}

export async function updateTeam(ctx: TenantContext, id: string, input: unknown): Promise<TeamView> {
  requirePermission(ctx, 'teams.manage');
  const data = parseInput(updateTeamSchema, input);
  const before = await loadTeam(ctx.db, ctx.tenant.id, id);
  if (data.name !== undefined && data.name !== before.name) await assertNameFree(ctx, data.name, id);
  if (data.roleIds) {
    const roleIds = data.roleIds;
    const current = new Set(before.roles.map((r) => r.id));
    const added = roleIds.filter((r) => !current.has(r));
    await rolesPermissions(ctx, roleIds); // every id known (400 otherwise)
    assertMayGive(ctx, await rolesPermissions(ctx, added));
    const removed = [...current].filter((r) => !roleIds.includes(r));
    if (added.length > 0 || removed.length > 0) {
      await assertMayManageMembers(ctx, memberIds(before), { allowSelf: true, describe: describeMember(before) });
      await keepingAFullAdmin(ctx, async () => {
        if (removed.length > 0) await ctx.db.delete(teamRoles).where(and(eq(teamRoles.teamId, id), inArray(teamRoles.roleId, removed)));
        if (added.length > 0) {
          await ctx.db.insert(teamRoles).values(added.map((roleId) => ({ tenantId: ctx.tenant.id, teamId: id, roleId })));
        }
      });
    }
  }
  await ctx.db
    .update(teams)
    .set({
      name: data.name ?? before.name,
      description: data.description === undefined ? before.description : data.description,
      updatedAt: sql`now()`,
    })
    .where(eq(teams.id, id));
  const after = await loadTeam(ctx.db, ctx.tenant.id, id);
  await recordAudit(ctx, { action: 'team.updated', targetType: 'team', targetId: id, before: snapshot(before), after: snapshot(after) });
  return after;
}

export async function deleteTeam(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, 'teams.manage');
  const before = await loadTeam(ctx.db, ctx.tenant.id, id);
  await assertMayManageMembers(ctx, memberIds(before), { allowSelf: true, describe: describeMember(before) });
  await keepingAFullAdmin(ctx, () => ctx.db.delete(teams).where(eq(teams.id, id))); // team_members and team_roles go with it
  await recordAudit(ctx, {
    action: 'team.deleted',
    targetType: 'team',
    targetId: id,
    before: { ...snapshot(before), members: before.members.map((m) => m.user.email).sort() },
    after: null,
  });
}

export async function listTeamMembers(ctx: TenantContext, id: string): Promise<{ data: TeamMemberView[] }> {
  requirePermission(ctx, 'teams.read');
  return { data: (await loadTeam(ctx.db, ctx.tenant.id, id)).members };
}

/** Replace the team's members. Adding people gives them the team's roles: the actor must hold those permissions. */
export async function setTeamMembers(ctx: TenantContext, id: string, input: unknown): Promise<{ data: TeamMemberView[] }> {
  requirePermission(ctx, 'teams.manage');
  const { membershipIds } = parseInput(setTeamMembersSchema, input);
  const before = await loadTeam(ctx.db, ctx.tenant.id, id);
  if (membershipIds.length > 0) {
    const found = await ctx.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, ctx.tenant.id), eq(memberships.status, 'active'), inArray(memberships.id, membershipIds)));
    const known = new Set(found.map((m) => m.id));
    const errors = membershipIds.flatMap((m, i) =>
      known.has(m) ? [] : [{ path: `membershipIds.${i}`, message: 'No such active member in this tenant.' }],
    );
    if (errors.length > 0) throw validationFailed(errors);
  }
  const current = new Set(before.members.map((m) => m.membershipId));
  const added = membershipIds.filter((m) => !current.has(m));
  const removed = [...current].filter((m) => !membershipIds.includes(m));
  if (added.length > 0) {
    // Putting others into a team appoints them; putting yourself in is held to what you already hold.
    const appointingOther = !added.includes(ctx.membershipId ?? '');
    assertMayGive(ctx, await rolesPermissions(ctx, before.roles.map((r) => r.id)), { appointingOther });
  }
  await assertMayManageMembers(ctx, [...added, ...removed], { allowSelf: true, describe: describeMember(before) });
  await keepingAFullAdmin(ctx, async () => {
    // Rows of removed memberships are dropped too: the list is replaced.
    await ctx.db.delete(teamMembers).where(eq(teamMembers.teamId, id));
    if (membershipIds.length > 0) {
      await ctx.db.insert(teamMembers).values(membershipIds.map((membershipId) => ({ tenantId: ctx.tenant.id, teamId: id, membershipId })));
    }
  });
  const after = await loadTeam(ctx.db, ctx.tenant.id, id);
  await recordAudit(ctx, {
    action: 'team.members_updated',
    targetType: 'team',
    targetId: id,
    before: { members: before.members.map((m) => m.membershipId).sort() },
    after: { members: after.members.map((m) => m.membershipId).sort() },
  });
  return { data: after.members };
}
