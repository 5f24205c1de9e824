import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/rows';
import { enqueueJobs } from '@/lib/jobs/enqueue';
import { tenantsWithDueWebhookDeliveries } from '@/lib/jobs/tenants-with-work';
import { now } from '@/lib/platform/clock';
import { withTenant } from '@/lib/tenancy/with-tenant';

/**
 * The `deliver-webhooks` schedule (every minute, and once when the engine starts): every tenant's deliveries that
 * are pending, due and not held by a worker get a `webhook-delivery` job — deliveries whose job was lost (the
 * process died between commit and enqueue, or while sending: its lease ran out), written outside withTenant (whose
 * commit does not enqueue), or retries whose delayed job is gone. A delivery already being sent is skipped by the
 * job's claim, so a job too many does nothing. Tenants are served fairly: see the priorities below.
 */
export async function sweepWebhookDeliveries(
  options: { limitPerTenant?: number; /** Only these tenants (tests on a shared database). */ tenantIds?: string[] } = {},
): Promise<{ tenants: number; enqueued: number }> {
  const limit = options.limitPerTenant ?? 500;
  const at = now().toISOString();
  const tenantIds = options.tenantIds ?? (await tenantsWithDueWebhookDeliveries(at));
  let enqueued = 0;
  let withDue = 0;
  for (const tenantId of tenantIds) {
    const due = await withTenant(tenantId, async (tx) =>
      rowsOf<{ id: string }>(
        await tx.execute(sql`
          select id from webhook_deliveries
           where status = 'pending' and next_attempt_at <= ${at}::timestamptz
             and (lease_until is null or lease_until <= ${at}::timestamptz)
           order by next_attempt_at
           limit ${limit}`),
      ),
    );
    if (due.length === 0) continue;
    withDue++;
    enqueued += due.length;
    // One job per delivery and minute, however many sweeps run meanwhile. Each tenant's n-th due delivery gets
    // priority -n, so the workers take every tenant's first before any tenant's second: a tenant with hundreds of
    // retries to a dead endpoint cannot hold another tenant's delivery back behind them.
    await enqueueJobs(
      'webhook-delivery',
      due.map(({ id }, n) => ({
        data: { tenantId, deliveryId: id },
        singletonKey: `sweep:${id}`,
        singletonSeconds: 60,
        priority: -n,
      })),
    );
  }
  return { tenants: withDue, enqueued };
}
