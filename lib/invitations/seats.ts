import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { DomainError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { invitationsFit, seatsInUse } from './policy';
import type { Seats } from './schemas';

/**
 * A suspended member keeps their seat (their place is kept for their return).
 * Seats in use of a tenant as one SQL expression, for listings of many tenants (platform admin): the sum of
 * lib/invitations/policy.ts `seatsInUse` written in SQL. Row-level security must show the tenant's rows
 * (tenant transaction, or the owner with app.tenant_id set).
 */
export function seatsInUseSql(tenantId: SQL | string, at: Date = now()): SQL {
  const id = typeof tenantId === 'string' ? sql`${tenantId}::uuid` : tenantId;
  return sql`((select count(*) from memberships where tenant_id = ${id} and status in ('active', 'suspended'))
    + (select count(*) from invitations where tenant_id = ${id} and status = 'pending' and expires_at > ${at.toISOString()}::timestamptz))::int`;
}

/** Seats used of the tenant's plan (limit null: unlimited): the facts loaded, counted by lib/invitations/policy.ts. */
export async function seatsOf(db: Queryable, tenantId: string, at: Date = now()): Promise<Seats> {
  const [row] = rowsOf<{ members: number; invitations: number; limit: number | null }>(
    await db.execute(sql`select
      (select count(*) from memberships where tenant_id = ${tenantId}::uuid and status in ('active', 'suspended'))::int as members,
      (select count(*) from invitations where tenant_id = ${tenantId}::uuid and status = 'pending'
          and expires_at > ${at.toISOString()}::timestamptz)::int as invitations,
      (select p.seat_limit from tenants t join plans p on p.id = t.plan_id where t.id = ${tenantId}::uuid) as "limit"`),
  );
  const used = seatsInUse({ activeMembers: Number(row.members), pendingUnexpiredInvitations: Number(row.invitations) });
  return { used, limit: row.limit === null ? null : Number(row.limit) };
}

/**
 * Take a seat for a new (or renewed) invitation, or refuse with 409 `seat_limit_reached`. The tenant row is
 * locked first, so concurrent invitations for the last seat are counted one after another: exactly one wins.
 * Call inside the transaction that then inserts the invitation.
 */
export async function reserveSeat(db: Queryable, tenantId: string): Promise<Seats> {
  await db.execute(sql`select id from tenants where id = ${tenantId}::uuid for update`);
  const seats = await seatsOf(db, tenantId);
  const fit = invitationsFit(seats, 1);
  if (!fit.allowed) throw new DomainError('seat_limit_reached', 409, fit.reason);
  return seats;
}
