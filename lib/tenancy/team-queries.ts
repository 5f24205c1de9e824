import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { rolePermissions, roles, teams } from '@/db/schema';
import { cursorTime, cursorTimeValue, isCursorTime, isText } from '@/lib/keyset-cursor';
import { orderColumns, type SortDir } from '@/lib/list-order';
import type { TenantContext } from '@/lib/context';
import { conflict, notFound, validationFailed } from '@/lib/errors';
import { TEAM_SORT_DIRS, type TeamMemberView, type TeamSort, type TeamView } from './team-schemas';

/**
 * The loaders and checks the team operations share (list-teams, get-team, create-team, update-team, delete-team,
 * list-team-members, set-team-members).
 *
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

/**
 * Each order of the list: the column it sorts by, that column's value as the cursor's text key (times to the
 * microsecond), and a cursor's key back as a value to compare with. The id breaks ties in the same direction.
 */
export const ORDERS: Record<TeamSort, { column: SQL; key: SQL<string>; isKey: (k: unknown) => k is string; value: (k: string) => SQL }> = {
  name: { column: sql`t.name`, key: sql<string>`t.name`, isKey: isText, value: (k) => sql`${k}` },
  created: { column: sql`t.created_at`, key: cursorTime(sql`t.created_at`), isKey: isCursorTime, value: cursorTimeValue },
};

/** The columns of an order, the id last. */
export const orderOf = (sort: TeamSort): SQL[] => [ORDERS[sort].column, sql`t.id`];

export async function selectTeams(
  tx: Tx,
  tenantId: string,
  where: SQL,
  limit: number,
  sort: TeamSort = 'name',
  dir: SortDir = TEAM_SORT_DIRS[sort],
): Promise<Array<{ team: TeamView; sortKey: string }>> {
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select t.id, t.name, t.description, t.created_at, t.updated_at, ${ORDERS[sort].key} as sort_key,
             coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name) order by r.name)
                         from team_roles tr join roles r on r.id = tr.role_id where tr.team_id = t.id), '[]'::json)::text as roles,
             coalesce((select json_agg(json_build_object('membershipId', m.id,
                                'user', json_build_object('id', u.id, 'name', u.name, 'email', u.email)) order by u.email)
                         from team_members tm join memberships m on m.id = tm.membership_id join users u on u.id = m.user_id
                        where tm.team_id = t.id and m.status in ('active', 'suspended')), '[]'::json)::text as members
        from teams t
       where t.tenant_id = ${tenantId} and ${where}
       order by ${sql.join(orderColumns(dir, orderOf(sort)), sql`, `)}
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

export async function loadTeam(tx: Tx, tenantId: string, id: string): Promise<TeamView> {
  const [row] = await selectTeams(tx, tenantId, sql`t.id = ${id}`, 1);
  if (!row) throw notFound('team');
  return row.team;
}

export const memberIds = (team: TeamView) => team.members.map((m) => m.membershipId);

/** "Member a@b.c" for a member of the team, by membership id (refusals name whom they are about). */
export const describeMember = (team: TeamView) => (membershipId: string) => {
  const member = team.members.find((m) => m.membershipId === membershipId);
  return `Member ${member?.user.email ?? membershipId}`;
};

export const snapshot = (team: TeamView) => ({
  name: team.name,
  description: team.description,
  roles: team.roles.map((r) => r.name).sort(),
});

/** Every role id must be a role of this tenant (400 naming `roleIds.N`); returns their permissions. */
export async function rolesPermissions(ctx: TenantContext, roleIds: string[]): Promise<string[]> {
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

export async function assertNameFree(ctx: TenantContext, name: string, exceptId?: string) {
  const [taken] = await ctx.db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.tenantId, ctx.tenant.id), sql`lower(${teams.name}) = lower(${name})`));
  if (taken && taken.id !== exceptId) throw conflict(`A team named ${name} already exists.`);
}
