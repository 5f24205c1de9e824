import { after } from 'next/server';
import { logger } from '@/lib/platform/logger';
import { deliverPending, resendConfigured } from './deliver';

/**
 * After a request has queued mail and committed: try to deliver it now rather than at the next cron
 * run. With Next's `after()` the attempt runs once the response is sent (and, on Vercel, keeps the
 * function alive for it); outside a request (CLI, tests) it runs as a background promise. Failures
 * are only logged: the message stays in the outbox and the cron route retries it.
 * Without Resend there is nothing to do.
 */
export function kickDelivery(): void {
  if (!resendConfigured()) return;
  const run = async () => {
    try {
      await deliverPending({ limit: 10 });
    } catch (error) {
      logger.error({ err: error }, 'mail delivery attempt failed');
    }
  };
  try {
    after(run);
  } catch {
    void run();
  }
}
