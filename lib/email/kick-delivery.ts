import { and, eq, sql } from 'drizzle-orm';
import { after } from 'next/server';
import { getDb } from '@/db/client';
import { emailOutbox } from '@/db/schema/email';
import { drainEnqueuedJobs, enqueueJobs, runsJobsInline } from '@/lib/jobs/enqueue';
import { now } from '@/lib/platform/clock';
import { resendConfigured } from './deliver';

/**
 * After a request has queued mail and committed: send a `mail-delivery` job (lib/jobs/queues.ts), which a worker
 * of any engine takes at once (LISTEN/NOTIFY). The queue keeps at most one job waiting, so many requests add one
 * job. Inside a request it is handed to Next's `after()`, so the response does not wait for it (and where this
 * process runs the job itself — Vercel — the function stays alive for it). Never throws: a message whose job was
 * lost is sent by the minute's `deliver-email` sweep. Without Resend there is nothing to do.
 */
export function kickDelivery(): void {
  if (!resendConfigured()) return;
  const send = async () => {
    await enqueueJobs('mail-delivery', [{ data: {} }]);
    if (runsJobsInline()) await drainEnqueuedJobs();
  };
  try {
    after(send);
  } catch {
    void send();
  }
}

/**
 * The `deliver-email` schedule (every minute): when outbox mail is due (new mail whose job was lost, retries after
 * their backoff), send a `mail-delivery` job. Answers whether one was sent.
 */
export async function sweepDueMail(): Promise<{ due: boolean }> {
  if (!resendConfigured()) return { due: false };
  const db = await getDb();
  const rows = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(eq(emailOutbox.status, 'pending'), sql`${emailOutbox.nextAttemptAt} <= greatest(now(), ${now().toISOString()}::timestamptz)`),
    )
    .limit(1);
  const due = rows.length > 0;
  if (due) await enqueueJobs('mail-delivery', [{ data: {} }]);
  return { due };
}
