import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import type { TenantContext } from '@/lib/context';
import { conflict, forbidden } from '@/lib/errors';
import { evaluate } from './evaluate';
import { ADMIN_PERMISSIONS, countFullAdmins, LAST_ADMIN_MESSAGE, leavesNoFullAdmin, mayGive, mayManageMember } from './policy';

/**
 * The facts the member rules of lib/access/policy.ts need, loaded here, and the server's calls of those rules:
 * "manage only within your power" and "never leave the tenant without a full admin".
 */

/**
 * Effective permissions (roles ∪ team roles ∪ grants − denies) of active members of the tenant: of `membershipIds`,
 * or of every active member; only the permissions among `keys` when given.
 */
async function loadEffectivePermissions(
  tx: Tx,
  tenantId: string,
  options: { membershipIds?: readonly string[]; keys?: readonly string[] } = {},
): Promise<Map<string, ReadonlySet<string>>> {
  const which = options.membershipIds;
  if (which && which.length === 0) return new Map();
  const inList = (values: readonly string[]) =>
    sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    );
  const members: SQL = which
    ? sql`and m.id in (${sql.join(
        which.map((v) => sql`${v}::uuid`),
        sql`, `,
      )})`
    : sql``;
  // Named members may be suspended (their roles are kept: reactivating them is managing them); the whole tenant's
  // count (full admins) is of active members only.
  const statuses: SQL = which ? sql`m.status in ('active', 'suspended')` : sql`m.status = 'active'`;
  const keys: SQL = options.keys ? sql`where f.permission in (${inList(options.keys)})` : sql``;
  const rows = rowsOf<{ membership_id: string; permission: string; effect: 'grant' | 'deny' }>(
    await tx.execute(sql`
      with m as (select m.id from memberships m where m.tenant_id = ${tenantId} and ${statuses} ${members})
      select f.membership_id, f.permission, f.effect from (
        select mr.membership_id, rp.permission, 'grant' as effect
          from m join member_roles mr on mr.membership_id = m.id join role_permissions rp on rp.role_id = mr.role_id
        union
        select tm.membership_id, rp.permission, 'grant'
          from m join team_members tm on tm.membership_id = m.id
                 join team_roles tr on tr.team_id = tm.team_id join role_permissions rp on rp.role_id = tr.role_id
        union
        select o.membership_id, o.permission, o.effect::text from m join member_overrides o on o.membership_id = m.id
      ) f ${keys}`),
  );
  const facts = new Map<string, { grants: Array<{ permission: string; source: { type: 'grant' } }>; denies: string[] }>();
  for (const id of which ?? []) facts.set(id, { grants: [], denies: [] });
  for (const row of rows) {
    let entry = facts.get(row.membership_id);
    if (!entry) facts.set(row.membership_id, (entry = { grants: [], denies: [] }));
    if (row.effect === 'deny') entry.denies.push(row.permission);
    else entry.grants.push({ permission: row.permission, source: { type: 'grant' } });
  }
  return new Map([...facts].map(([id, f]) => [id, evaluate(f).permissions]));
}

/**
 * Refuse (403) unless the actor may manage each of these members: not themselves (unless `allowSelf`), and only
 * members whose every permission the actor could grant. The detail names what the member holds beyond the actor.
 */
export async function assertMayManageMembers(
  ctx: TenantContext,
  membershipIds: readonly string[],
  options: { allowSelf?: boolean; describe?: (membershipId: string) => string } = {},
): Promise<void> {
  const targets = await loadEffectivePermissions(ctx.db, ctx.tenant.id, { membershipIds });
  const actor = { id: ctx.membershipId ?? '', permissions: ctx.permissions };
  for (const id of membershipIds) {
    const verdict = mayManageMember(actor, { id, permissions: targets.get(id) ?? new Set() }, options);
    if (!verdict.allowed) {
      const who = options.describe?.(id);
      throw forbidden(who ? `${who}: ${verdict.reason}` : verdict.reason);
    }
  }
}

/** Full admins of the tenant now (members effectively holding every permission of the admin role). */
async function fullAdminCount(tx: Tx, tenantId: string): Promise<number> {
  return countFullAdmins((await loadEffectivePermissions(tx, tenantId, { keys: ADMIN_PERMISSIONS })).values());
}

/**
 * Run `change` (writes in the tenant transaction) and refuse it (409, rolled back) when it takes the tenant from
 * at least one full admin to none. The admin role row is locked first, so concurrent changes are counted one
 * after another: of two demotions of the last two admins, one wins.
 */
export async function keepingAFullAdmin<T>(ctx: TenantContext, change: () => Promise<T>): Promise<T> {
  await ctx.db.execute(sql`select id from roles where tenant_id = ${ctx.tenant.id} and is_default and name = 'admin' for no key update`);
  const before = await fullAdminCount(ctx.db, ctx.tenant.id);
  const result = await change();
  const after = await fullAdminCount(ctx.db, ctx.tenant.id);
  if (leavesNoFullAdmin({ before, after })) throw conflict(LAST_ADMIN_MESSAGE);
  return result;
}

/** Refuse (403) handing out, through roles or teams, a permission the actor may not grant (no escalation). */
export function assertMayGive(ctx: TenantContext, wanted: Iterable<string>, options: { appointingOther?: boolean } = {}): void {
  const verdict = mayGive(ctx.permissions, wanted, options);
  if (!verdict.allowed) throw forbidden(verdict.reason);
}
