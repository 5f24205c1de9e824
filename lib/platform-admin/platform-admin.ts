import { eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { seatsInUseSql } from '@/lib/invitations/seats';
import { plans, tenants } from '@/db/schema';
import { recordAudit, type AuditEntry } from '@/lib/audit/record';
import type { Actor, RequestMeta, TenantContext } from '@/lib/context';
import { DomainError, forbidden, notFound, unauthenticated, validationFailed } from '@/lib/errors';
import type { AdminTenant } from './schemas';

/**
 * Shared pieces of platform administration. Everything here runs on the owner connection (the tenant
 * registry, plans and the platform trail are not tenant-owned). Tenant-owned tables use FORCE ROW LEVEL
 * SECURITY, which binds the owner too on managed PostgreSQL (no superuser): reading or deleting one
 * tenant's rows there first names the tenant in `app.tenant_id`, inside the caller's transaction.
 */

/** Platform administrators (a signed-in user with isPlatformAdmin) and the command line (system actor). */
export function requirePlatformAdmin(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw unauthenticated();
  if (actor.type === 'system') return;
  if (actor.type === 'user' && actor.isPlatformAdmin) return;
  throw forbidden('This needs a platform administrator.');
}

type TenantRow = typeof tenants.$inferSelect;

/** The tenant by slug, locked for the rest of the transaction; unknown → 404. */
export async function lockTenantBySlug(tx: Tx, slug: string): Promise<TenantRow> {
  const [row] = await tx.select().from(tenants).where(eq(tenants.slug, slug)).for('update').limit(1);
  if (!row) throw notFound('tenant');
  return row;
}

export type Plan = typeof plans.$inferSelect;

/** The plan by id, or 400 naming `field` when there is no such plan. */
export async function planOrInvalid(db: Queryable, id: string, field = 'plan'): Promise<Plan> {
  const [plan] = await db.select().from(plans).where(eq(plans.id, id)).limit(1);
  if (!plan) {
    const known = (await db.select({ id: plans.id }).from(plans)).map((p) => p.id).sort();
    throw validationFailed([{ path: field, message: `No such plan. Choose one of: ${known.join(', ')}.` }]);
  }
  return plan;
}

export const seatLimitReached = (used: number, plan: Plan) =>
  new DomainError(
    'seat_limit_reached',
    409,
    `The tenant uses ${used} seat${used === 1 ? '' : 's'}; the ${plan.name} plan allows ${plan.seatLimit}. Remove members or revoke invitations first, or choose a larger plan.`,
    [{ path: 'plan', message: `${used} seats in use, ${plan.seatLimit} allowed.` }],
  );

/** Whether this connection's role skips row-level security (superuser or BYPASSRLS), as PGlite and a local server do. */
async function bypassesRls(tx: Tx): Promise<boolean> {
  const rows = rowsOf<{ bypass: boolean }>(
    await tx.execute(sql`select (rolsuper or rolbypassrls) as bypass from pg_roles where rolname = current_user`),
  );
  return Boolean(rows[0]?.bypass);
}

/**
 * Seats in use (active members and pending invitations, lib/invitations/seats.ts) per tenant. One query
 * where the owner skips row-level security; otherwise one count per tenant with the tenant named (FORCE
 * binds the owner). Leaves `app.tenant_id` cleared. Call inside a transaction on the owner connection.
 */
export async function seatsUsed(tx: Tx, tenantIds: string[]): Promise<Map<string, number>> {
  const used = new Map<string, number>(tenantIds.map((id) => [id, 0]));
  if (tenantIds.length === 0) return used;
  if (await bypassesRls(tx)) {
    const rows = rowsOf<{ id: string; n: number }>(
      await tx.execute(
        sql`select t.id, ${seatsInUseSql(sql`t.id`)} as n from tenants t where t.id in (${sql.join(
          tenantIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      ),
    );
    for (const row of rows) used.set(row.id, Number(row.n));
    return used;
  }
  for (const id of tenantIds) {
    await tx.execute(sql`select set_config('app.tenant_id', ${id}, true)`);
    const rows = rowsOf<{ n: number }>(await tx.execute(sql`select ${seatsInUseSql(id)} as n`));
    used.set(id, Number(rows[0]?.n ?? 0));
  }
  await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
  return used;
}

export function adminTenantView(row: TenantRow, plan: Plan, used: number): AdminTenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    plan: { id: plan.id, name: plan.name, seatLimit: plan.seatLimit },
    status: row.status,
    seats: { used, limit: plan.seatLimit },
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Also record a platform action in the tenant's own trail, so its admins see who changed their plan
 * or suspended them. Names the tenant in `app.tenant_id` (the audit policy binds the owner too).
 */
export async function recordInTenantTrail(tx: Tx, tenantId: string, actor: Actor, meta: RequestMeta, entry: AuditEntry) {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
  const ctx = { db: tx, tenant: { id: tenantId }, actor, meta } as unknown as TenantContext;
  await recordAudit(ctx, entry);
}
