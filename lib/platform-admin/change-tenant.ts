import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { tenants } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import type { Actor, RequestMeta } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import {
  adminTenantView,
  lockTenantBySlug,
  planOrInvalid,
  recordInTenantTrail,
  requirePlatformAdmin,
  seatLimitReached,
  seatsUsed,
} from './platform-admin';
import { changeTenantSchema, type AdminTenant } from './schemas';

/**
 * Change a tenant's plan and/or status (platform administrators). The plan must exist and hold the
 * seats in use (else 409 `seat_limit_reached`); a suspended tenant's members get 403
 * `tenant_suspended` on their next request. Audited in the platform trail and the tenant's own:
 * `tenant.plan_changed`, `tenant.suspended`, `tenant.reactivated`. Unknown tenant → 404.
 */
export async function changeTenant(
  actor: Actor | null,
  slug: string,
  input: z.input<typeof changeTenantSchema>,
  meta: RequestMeta,
): Promise<AdminTenant> {
  requirePlatformAdmin(actor);
  const data = parseInput(changeTenantSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const before = await lockTenantBySlug(tx, slug);
    const oldPlan = await planOrInvalid(tx, before.planId);
    const plan = data.plan === undefined ? oldPlan : await planOrInvalid(tx, data.plan);
    const used = (await seatsUsed(tx, [before.id])).get(before.id) ?? 0;
    if (plan.id !== before.planId && plan.seatLimit !== null && used > plan.seatLimit) throw seatLimitReached(used, plan);
    const status = data.status ?? before.status;
    if (plan.id === before.planId && status === before.status) return adminTenantView(before, plan, used);

    const [after] = await tx
      .update(tenants)
      .set({ planId: plan.id, status, updatedAt: sql`now()` })
      .where(eq(tenants.id, before.id))
      .returning();
    const entries = [];
    if (plan.id !== before.planId) {
      entries.push({ action: 'tenant.plan_changed', before: { plan: before.planId }, after: { plan: plan.id } });
    }
    if (status !== before.status) {
      entries.push({
        action: status === 'suspended' ? 'tenant.suspended' : 'tenant.reactivated',
        before: { status: before.status },
        after: { status },
      });
    }
    for (const entry of entries) {
      const full = { ...entry, targetType: 'tenant', targetId: before.id };
      await recordPlatformAudit(tx, actor, meta, full);
      await recordInTenantTrail(tx, before.id, actor, meta, full);
    }
    return adminTenantView(after, plan, used);
  });
}
