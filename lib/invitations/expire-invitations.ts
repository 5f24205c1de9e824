import { and, eq, lte } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { invitations, tenants } from '@/db/schema';
import { recordTenantAudit } from '@/lib/audit/record';
import type { Actor } from '@/lib/context';
import { now } from '@/lib/platform/clock';

/** Who the expiry job acts as in the audit trail. */
const EXPIRY_JOB: Actor = { type: 'system', id: 'expire-invitations', name: 'Invitation expiry job' };

/**
 * The scheduled expiry (cron route and CLI): every pending invitation past its expiry becomes `expired`,
 * one audited `invitation.expired` event each, tenant by tenant (one transaction per tenant, the tenant
 * named for row-level security). Seats were already free (an expired invitation is never counted); this
 * makes the status explicit in lists and the trail. Returns how many expired, in how many tenants. `dryRun` counts
 * them and changes nothing (each tenant's transaction is rolled back: no status, no audit).
 */
export async function expireInvitations(options: { dryRun?: boolean } = {}): Promise<{ expired: number; tenants: number }> {
  const db = await getDb();
  const at = now();
  const tenantIds = (await db.select({ id: tenants.id }).from(tenants)).map((t) => t.id);
  let expired = 0;
  let touched = 0;
  for (const tenantId of tenantIds) {
    const rolledBack = Object.assign(new Error('dry run: rolled back'), { count: 0 });
    const count = await db
      .transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
        const gone = await tx
          .update(invitations)
          .set({ status: 'expired' })
          .where(and(eq(invitations.tenantId, tenantId), eq(invitations.status, 'pending'), lte(invitations.expiresAt, at)))
          .returning({ id: invitations.id, email: invitations.email, expiresAt: invitations.expiresAt });
        for (const row of gone) {
          await recordTenantAudit(tx, tenantId, EXPIRY_JOB, null, {
            action: 'invitation.expired',
            targetType: 'invitation',
            targetId: row.id,
            before: { status: 'pending', email: row.email, expiresAt: row.expiresAt.toISOString() },
            after: { status: 'expired', email: row.email, expiresAt: row.expiresAt.toISOString() },
          });
        }
        if (options.dryRun) {
          rolledBack.count = gone.length;
          throw rolledBack;
        }
        return gone.length;
      })
      .catch((error: unknown) => {
        if (error === rolledBack) return rolledBack.count;
        throw error;
      });
    expired += count;
    if (count) touched++;
  }
  return { expired, tenants: touched };
}
