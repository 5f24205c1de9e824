import { deliverPending } from '@/lib/email/deliver';
import { cronRoute } from '@/lib/platform/cron-auth';

// Delivers due outbox mail (new messages whose immediate attempt failed, and retries after backoff).
// Vercel Cron sends GET with `Authorization: Bearer ${CRON_SECRET}`; POST works the same for other schedulers.
export const dynamic = 'force-dynamic';

const handler = cronRoute('deliver-email', () => deliverPending({ limit: 100 }));

export const GET = handler;
export const POST = handler;
