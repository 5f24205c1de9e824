import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { TenantSettings } from '@/db/schema';
import { rowsOf } from '@/db/rows';
import { evaluate, type AccessSource, type EffectiveAccess } from './evaluate';

export type MemberAccess = {
  membershipId: string;
  /** The tenant as it is now (status decides suspension; read in the same query). */
  tenant: { name: string; status: 'active' | 'suspended'; planId: string; settings: TenantSettings };
  /** Names of the roles held directly. */
  roles: string[];
  /** Effective permissions: roles ∪ team roles ∪ grants − denies. */
  permissions: ReadonlySet<string>;
  access: EffectiveAccess;
};

type Row = {
  kind: 'member' | 'role' | 'team' | 'grant' | 'deny';
  membership_id: string;
  source_id: string | null;
  source_name: string | null;
  role_id: string | null;
  role_name: string | null;
  permission: string | null;
  tenant_name: string | null;
  tenant_status: 'active' | 'suspended' | null;
  tenant_plan: string | null;
  tenant_settings: TenantSettings | null;
};

/**
 * A member's effective access in the tenant of `tx`, and the tenant's current state, in one query: their roles'
 * permissions, their teams' roles' permissions, and their direct grants and denies, evaluated by
 * lib/access/evaluate.ts. Returns null when the user is not an active member: callers answer 404.
 *
 * `who` is a user id, or `{ apiKeyPrefix }` for the creator of the tenant's API key with that prefix (the key is
 * read beside this query in the same round trip; its secret, revocation and expiry are checked by the caller).
 */
export async function loadMemberAccess(tx: Tx, tenantId: string, who: string | { apiKeyPrefix: string }): Promise<MemberAccess | null> {
  const user =
    typeof who === 'string'
      ? sql`${who}::uuid`
      : sql`(select k.created_by from api_keys k where k.tenant_id = ${tenantId} and k.prefix = ${who.apiKeyPrefix})`;
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      with m as (
        select m.id, t.name as tenant_name, t.status as tenant_status, t.plan_id as tenant_plan, t.settings as tenant_settings
          from memberships m join tenants t on t.id = m.tenant_id
         where m.tenant_id = ${tenantId} and m.user_id = ${user} and m.status = 'active'
      )
      select 'member' as kind, m.id as membership_id, null::text as source_id, null::text as source_name,
             null::text as role_id, null::text as role_name, null::text as permission,
             m.tenant_name, m.tenant_status, m.tenant_plan, m.tenant_settings
        from m
      union all
      select 'role', m.id, r.id::text, r.name, null, null, rp.permission, null, null, null, null
        from m join member_roles mr on mr.membership_id = m.id
               join roles r on r.id = mr.role_id
               left join role_permissions rp on rp.role_id = r.id
      union all
      select 'team', m.id, t.id::text, t.name, r.id::text, r.name, rp.permission, null, null, null, null
        from m join team_members tm on tm.membership_id = m.id
               join teams t on t.id = tm.team_id
               join team_roles tr on tr.team_id = t.id
               join roles r on r.id = tr.role_id
               join role_permissions rp on rp.role_id = r.id
      union all
      select o.effect, m.id, null, null, null, null, o.permission, null, null, null, null
        from m join member_overrides o on o.membership_id = m.id`),
  );
  if (rows.length === 0) return null;
  const roleNames = new Set<string>();
  const grants: Array<{ permission: string; source: AccessSource }> = [];
  const denies: string[] = [];
  for (const row of rows) {
    if (row.kind === 'role') {
      roleNames.add(row.source_name!);
      if (row.permission) grants.push({ permission: row.permission, source: { type: 'role', id: row.source_id!, name: row.source_name! } });
    } else if (row.kind === 'team') {
      grants.push({
        permission: row.permission!,
        source: { type: 'team', id: row.source_id!, name: row.source_name!, role: { id: row.role_id!, name: row.role_name! } },
      });
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
    tenant: {
      name: member.tenant_name!,
      status: member.tenant_status!,
      planId: member.tenant_plan!,
      settings: member.tenant_settings ?? {},
    },
    roles: [...roleNames].sort(),
    permissions: access.permissions,
    access,
  };
}
