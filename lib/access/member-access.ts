import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { TenantSettings } from '@/db/schema';
import { rowsOf } from '@/db/rows';
import { callStatementFunction, type StatementFunction } from '@/db/statement-functions';
import { now } from '@/lib/platform/clock';
import { evaluate, type AccessSource, type EffectiveAccess } from './evaluate';

export type MemberAccess = {
  membershipId: string;
  /** `suspended` only when asked for (`includeSuspended`): the tenant context answers 403 `member_suspended`. */
  status: 'active' | 'suspended';
  /** When the member last used the tenant (null: not since joining); the tenant context refreshes it daily. */
  lastActiveAt: Date | null;
  /** The tenant as it is now (status decides suspension; read in the same query). */
  tenant: { name: string; status: 'active' | 'suspended'; planId: string; settings: TenantSettings };
  /** Names of the roles held directly. */
  roles: string[];
  /** Every role held, directly or through a team, with the system it is scoped to (null: a tenant-level role). */
  heldRoles: Array<{ id: string; name: string; systemId: string | null }>;
  /** A platform admin has deactivated the person's account (the token path refuses them; sign-in already does). */
  accountDeactivated: boolean;
  /** Effective permissions: roles ∪ team roles ∪ grants − denies. */
  permissions: ReadonlySet<string>;
  access: EffectiveAccess;
};

/** A row of memberAccessQuery (also as a JSON object when a larger statement aggregates them). */
export type MemberAccessRow = {
  kind: 'member' | 'role' | 'team' | 'grant' | 'deny';
  membership_id: string;
  source_id: string | null;
  source_name: string | null;
  role_id: string | null;
  role_name: string | null;
  role_system_id: string | null;
  /** A grant's or deny's permission. */
  permission: string | null;
  /** A role's permissions, all of them in one row (a role, or a team's role, with none: null or empty). */
  permissions: string[] | null;
  tenant_name: string | null;
  tenant_status: 'active' | 'suspended' | null;
  tenant_plan: string | null;
  tenant_settings: TenantSettings | null;
  member_status: 'active' | 'suspended' | null;
  last_active_at: string | Date | null;
  user_deactivated: boolean | null;
};

/**
 * A member's effective access in the tenant of `tx`, and the tenant's current state, in one query: their roles'
 * permissions, their teams' roles' permissions, and their direct grants and denies, evaluated by
 * lib/access/evaluate.ts. Returns null when the user is not an active member: callers answer 404. With
 * `includeSuspended`, a suspended member is returned too (status `suspended`, roles kept): the tenant context
 * refuses them with 403 rather than 404. Also read: when they last used the tenant.
 *
 * Run as the database function member_access (or member_access_with_suspended; db/statement-functions.ts), planned
 * once per connection: the query is large enough that planning it cost more than running it wherever statements are
 * not prepared (PgBouncer in transaction mode).
 */
export async function loadMemberAccess(
  tx: Tx,
  tenantId: string,
  userId: string,
  options: { includeSuspended?: boolean } = {},
): Promise<MemberAccess | null> {
  const fn = options.includeSuspended ? MEMBER_ACCESS_WITH_SUSPENDED : MEMBER_ACCESS;
  const [row] = rowsOf<{ access: MemberAccessRow[] | null }>(await tx.execute(callStatementFunction(fn, tenantId, userId)));
  return memberAccessOfRows(row?.access ?? []);
}

/** memberAccessQuery's rows as one JSON array (null: none), the one row of a statement function. */
function memberAccessJson(tenantId: string, userId: string, options: { includeSuspended?: boolean }): SQL {
  return sql`select (select json_agg(a) from (${memberAccessQuery(tenantId, userId, options)}) a) as access`;
}

/** loadMemberAccess's statement as a database function: active members only. */
export const MEMBER_ACCESS: StatementFunction = {
  name: 'member_access',
  args: [
    { name: 'p_tenant_id', type: 'uuid' },
    { name: 'p_user_id', type: 'uuid' },
  ],
  columns: [{ name: 'access', type: 'json' }],
  query: (tenantId, userId) => memberAccessJson(tenantId, userId, {}),
};

/** loadMemberAccess's statement as a database function: suspended members too. */
export const MEMBER_ACCESS_WITH_SUSPENDED: StatementFunction = {
  ...MEMBER_ACCESS,
  name: 'member_access_with_suspended',
  query: (tenantId, userId) => memberAccessJson(tenantId, userId, { includeSuspended: true }),
};

/**
 * loadMemberAccess's query, also for a statement that loads more beside it (lib/tenancy/session-facts.ts aggregates
 * its rows into one JSON column); memberAccessOfRows reads the rows. `who` is a user id, or `{ apiKeyPrefix }` for the
 * creator of the tenant's API key with that prefix (the key is read beside this query in the same statement; its
 * secret, revocation and expiry are checked by the caller).
 */
export function memberAccessQuery(
  tenantId: string,
  who: string | { apiKeyPrefix: string },
  options: { includeSuspended?: boolean } = {},
): SQL {
  const statuses = options.includeSuspended ? sql`('active', 'suspended')` : sql`('active')`;
  const user =
    typeof who === 'string'
      ? sql`${who}::uuid`
      : sql`(select k.created_by from api_keys k where k.tenant_id = ${tenantId} and k.prefix = ${who.apiKeyPrefix})`;
  return sql`
      with m as (
        select m.id, t.name as tenant_name, t.status as tenant_status, t.plan_id as tenant_plan, t.settings as tenant_settings,
               m.status as member_status, m.last_active_at, u.deactivated_at is not null as user_deactivated
          from memberships m join tenants t on t.id = m.tenant_id join users u on u.id = m.user_id
         where m.tenant_id = ${tenantId} and m.user_id = ${user} and m.status in ${statuses}
      )
      select 'member' as kind, m.id as membership_id, null::text as source_id, null::text as source_name,
             null::text as role_id, null::text as role_name, null::text as role_system_id, null::text as permission,
             null::text[] as permissions, m.tenant_name, m.tenant_status, m.tenant_plan, m.tenant_settings,
             m.member_status, m.last_active_at, m.user_deactivated
        from m
      union all
      -- One row per role with its permissions as an array, rather than a row per permission: an admin's access is
      -- two rows, not thirty-one (less for the database to build as JSON and for the app to parse, every request). A
      -- role without permissions still counts as held (a system's token lists it).
      select 'role', m.id, r.id::text, r.name, null, null, r.system_id::text, null,
             (select array_agg(rp.permission order by rp.permission) from role_permissions rp where rp.role_id = r.id),
             null, null, null, null, null, null, null
        from m join member_roles mr on mr.membership_id = m.id
               join roles r on r.id = mr.role_id
      union all
      select 'team', m.id, t.id::text, t.name, r.id::text, r.name, r.system_id::text, null,
             (select array_agg(rp.permission order by rp.permission) from role_permissions rp where rp.role_id = r.id),
             null, null, null, null, null, null, null
        from m join team_members tm on tm.membership_id = m.id
               join teams t on t.id = tm.team_id
               join team_roles tr on tr.team_id = t.id
               join roles r on r.id = tr.role_id
      union all
      select o.effect, m.id, null, null, null, null, null, o.permission, null, null, null, null, null, null, null, null
        from m join member_overrides o on o.membership_id = m.id`;
}

/** The MemberAccess of memberAccessQuery's rows; null when there are none (not a member). */
export function memberAccessOfRows(rows: MemberAccessRow[]): MemberAccess | null {
  if (rows.length === 0) return null;
  const roleNames = new Set<string>();
  const grants: Array<{ permission: string; source: AccessSource }> = [];
  const denies: string[] = [];
  const heldRoles = new Map<string, { id: string; name: string; systemId: string | null }>();
  for (const row of rows) {
    if (row.kind === 'role') {
      roleNames.add(row.source_name!);
      heldRoles.set(row.source_id!, { id: row.source_id!, name: row.source_name!, systemId: row.role_system_id });
      const source: AccessSource = { type: 'role', id: row.source_id!, name: row.source_name! };
      for (const permission of row.permissions ?? []) grants.push({ permission, source });
    } else if (row.kind === 'team') {
      heldRoles.set(row.role_id!, { id: row.role_id!, name: row.role_name!, systemId: row.role_system_id });
      const source: AccessSource = {
        type: 'team',
        id: row.source_id!,
        name: row.source_name!,
        role: { id: row.role_id!, name: row.role_name! },
      };
      for (const permission of row.permissions ?? []) grants.push({ permission, source });
    } else if (row.kind === 'grant') {
      grants.push({ permission: row.permission!, source: { type: 'grant' } });
    } else if (row.kind === 'deny') {
      denies.push(row.permission!);
    }
  }
  const access = evaluate({ grants, denies });
  const member = rows.find((r) => r.kind === 'member')!;
  return {
    membershipId: member.membership_id,
    status: member.member_status ?? 'active',
    lastActiveAt: member.last_active_at === null ? null : new Date(member.last_active_at),
    tenant: {
      name: member.tenant_name!,
      status: member.tenant_status!,
      planId: member.tenant_plan!,
      settings: member.tenant_settings ?? {},
    },
    roles: [...roleNames].sort(),
    heldRoles: [...heldRoles.values()],
    accountDeactivated: member.user_deactivated === true,
    permissions: access.permissions,
    access,
  };
}

/** A member's activity (memberships.last_active_at) is written at most this often. */
export const ACTIVITY_GRANULARITY_MS = 24 * 60 * 60 * 1000;

/**
 * The member used the tenant: refresh `last_active_at` (and clear a dormancy warning) when the value loaded with their
 * access is older than a day, so it costs one write per member per day and nothing on other requests. The dormant
 * job (lib/tenancy/suspend-dormant-members.ts) counts from it. `tx` is the tenant's transaction.
 */
export async function touchMemberActivity(
  tx: Tx,
  tenantId: string,
  member: Pick<MemberAccess, 'membershipId' | 'lastActiveAt'>,
): Promise<void> {
  const at = now();
  const stale = new Date(at.getTime() - ACTIVITY_GRANULARITY_MS);
  if (member.lastActiveAt && member.lastActiveAt >= stale) return;
  await tx.execute(sql`
    update memberships set last_active_at = ${at.toISOString()}::timestamptz, dormancy_warned_at = null
     where tenant_id = ${tenantId} and id = ${member.membershipId}
       and (last_active_at is null or last_active_at < ${stale.toISOString()}::timestamptz)`);
}
