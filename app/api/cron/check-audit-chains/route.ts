import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Verifies every tenant's audit hash chain and raises `audit.chain.broken` once per break (and writes it in the
// platform trail); answers how many tenants and events were checked and which tenants are broken. The schedule
// `check-audit-chains` (lib/jobs/schedules.ts): a long-running server runs it on its job engine; on Vercel,
// Vercel Cron calls this route (GET with `Authorization: Bearer ${CRON_SECRET}`).
export const dynamic = 'force-dynamic';
// Vercel: the job runs within this request (a full walk of every chain).
export const maxDuration = 300;

const handler = cronRoute('check-audit-chains', () => runSchedule('check-audit-chains', { trigger: 'cron-route' }));

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
