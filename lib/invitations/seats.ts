import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { DomainError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import type { Seats } from './schemas';

/**
 * Seats in use of a tenant, as an SQL expression: active members plus pending invitations that have not
 * expired (an expired one frees its seat even before the expiry job marks it). Row-level security must
 * show the tenant's rows (tenant transaction, or the owner with app.tenant_id set).
 */
export function seatsInUseSql(tenantId: SQL | string, at: Date = now()): SQL {
  const id = typeof tenantId === 'string' ? sql`${tenantId}::uuid` : tenantId;
  return sql`((select count(*) from memberships where tenant_id = ${id} and status = 'active')
    + (select count(*) from invitations where tenant_id = ${id} and status = 'pending' and expires_at > ${at.toISOString()}::timestamptz))::int`;
}

/** Seats used of the tenant's plan (limit null: unlimited). */
export async function seatsOf(db: Queryable, tenantId: string): Promise<Seats> {
  const [row] = rowsOf<{ used: number; limit: number | null }>(
    await db.execute(sql`select ${seatsInUseSql(tenantId)} as used,
      (select p.seat_limit from tenants t join plans p on p.id = t.plan_id where t.id = ${tenantId}::uuid) as "limit"`),
  );
  return { used: Number(row.used), limit: row.limit === null ? null : Number(row.limit) };
}

/**
 * Take a seat for a new (or renewed) invitation, or refuse with 409 `seat_limit_reached`. The tenant row is
 * locked first, so concurrent invitations for the last seat are counted one after another: exactly one wins.
 * Call inside the transaction that then inserts the invitation.
 */
export async function reserveSeat(db: Queryable, tenantId: string): Promise<Seats> {
  await db.execute(sql`select id from tenants where id = ${tenantId}::uuid for update`);
  const seats = await seatsOf(db, tenantId);
  if (seats.limit !== null && seats.used >= seats.limit) {
    throw new DomainError(
      'seat_limit_reached',
      409,
      `All ${seats.limit} seats of this tenant's plan are taken (members and pending invitations). Revoke an invitation, remove a member or ask for a larger plan.`,
    );
  }
  return seats;
}
