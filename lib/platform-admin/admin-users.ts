import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { notFound } from '@/lib/errors';
import type { AdminUser } from './user-schemas';

/**
 * Reading accounts for platform admins, on the owner connection. The memberships count crosses tenants: where the
 * owner skips row-level security it is one subquery; otherwise (FORCE binds the owner on managed PostgreSQL) each
 * person is named in `app.user_id`, which the memberships policy answers with all of theirs.
 */
type Row = {
  id: string;
  name: string;
  email: string;
  is_platform_admin: boolean;
  last_sign_in_at: string | Date | null;
  created_at: string | Date;
  deactivated_at: string | Date | null;
  deactivated_reason: string | null;
  sort_email: string;
};

const iso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

export async function selectAdminUsers(tx: Tx, where: SQL, limit: number): Promise<Array<{ user: AdminUser; sortEmail: string }>> {
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select u.id, u.name, u.email, u.is_platform_admin, u.last_sign_in_at, u.created_at, u.deactivated_at, u.deactivated_reason,
             lower(u.email) as sort_email
        from users u
       where ${where}
       order by lower(u.email), u.id
       limit ${limit}`),
  );
  const counts = await tenantCounts(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    sortEmail: row.sort_email,
    user: {
      id: row.id,
      name: row.name,
      email: row.email,
      status: row.deactivated_at ? 'deactivated' : 'active',
      isPlatformAdmin: Boolean(row.is_platform_admin),
      tenantCount: counts.get(row.id) ?? 0,
      lastSignInAt: iso(row.last_sign_in_at),
      createdAt: iso(row.created_at)!,
      deactivatedAt: iso(row.deactivated_at),
      deactivatedReason: row.deactivated_reason,
    },
  }));
}

/** One account for platform admins, or 404. */
export async function loadAdminUser(tx: Tx, id: string): Promise<AdminUser> {
  const [row] = await selectAdminUsers(tx, sql`u.id = ${id}::uuid`, 1);
  if (!row) throw notFound('user');
  return row.user;
}

/** Memberships (active or suspended, in any tenant) per person. Leaves `app.user_id` cleared. */
async function tenantCounts(tx: Tx, userIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return counts;
  const [role] = rowsOf<{ bypass: boolean }>(
    await tx.execute(sql`select (rolsuper or rolbypassrls) as bypass from pg_roles where rolname = current_user`),
  );
  if (role?.bypass) {
    const rows = rowsOf<{ user_id: string; n: number }>(
      await tx.execute(sql`
        select user_id, count(*)::int as n from memberships
         where status <> 'removed' and user_id in (${sql.join(
           userIds.map((id) => sql`${id}::uuid`),
           sql`, `,
         )})
         group by user_id`),
    );
    for (const row of rows) counts.set(row.user_id, Number(row.n));
    return counts;
  }
  for (const id of userIds) {
    await tx.execute(sql`select set_config('app.user_id', ${id}, true)`);
    const [row] = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from memberships where user_id = ${id}::uuid and status <> 'removed'`),
    );
    counts.set(id, Number(row?.n ?? 0));
  }
  await tx.execute(sql`select set_config('app.user_id', '', true)`);
  return counts;
}
