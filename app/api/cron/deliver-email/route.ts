import { deliverPending } from '@/lib/email/deliver';
import { cronRoute } from '@/lib/platform/cron-auth';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Delivers due outbox mail (new messages whose immediate attempt failed, and retries after backoff).
// Vercel Cron sends GET with `Authorization: Bearer ${CRON_SECRET}`; POST works the same for other schedulers.
export const dynamic = 'force-dynamic';

const handler = cronRoute('deliver-email', () => deliverPending({ limit: 100 }));

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
