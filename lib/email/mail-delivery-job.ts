import type { WorkContext } from '@/lib/jobs/queues';
import { deliverPending } from './deliver';

const BATCH = 25;

/**
 * A `mail-delivery` job: send every due outbox message (lib/email/deliver.ts claims, leases, sends with the
 * outbox id as Resend's idempotency key, and backs a failed message off on its row), a batch at a time, until
 * none is due or the deadline passes. A message Resend refused is not an error of the job (its row keeps the
 * error and its next try); an error of the database is, and pg-boss retries the job.
 */
export async function runMailDeliveryJob(_data: Record<string, unknown>, context: WorkContext = {}) {
  void _data;
  const total = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  for (;;) {
    const report = await deliverPending({ limit: BATCH });
    total.claimed += report.claimed;
    total.sent += report.sent;
    total.retrying += report.retrying;
    total.failed += report.failed;
    if (report.claimed < BATCH) return total;
    if (context.deadline !== undefined && Date.now() > context.deadline) return total;
  }
}
