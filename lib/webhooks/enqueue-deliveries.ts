import { enqueueJobs } from '@/lib/jobs/enqueue';

/**
 * Ask the job engine to send these deliveries now (after the transaction that wrote them committed: withTenant does
 * it for every change; replays and test events call it themselves). Never throws: a delivery whose job is lost is
 * found by the sweep (lib/webhooks/sweep-deliveries.ts).
 */
export async function enqueueWebhookDeliveries(tenantId: string, deliveryIds: readonly string[], startAfter?: Date): Promise<void> {
  if (deliveryIds.length === 0) return;
  await enqueueJobs(
    'webhook-delivery',
    deliveryIds.map((deliveryId) => ({ data: { tenantId, deliveryId }, ...(startAfter ? { startAfter } : {}) })),
  );
}
