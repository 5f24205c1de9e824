import { cronRoute } from '@/lib/platform/cron-auth';
import { runSchedule } from '@/lib/jobs/run-schedule';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Sends a webhook-delivery job for every due webhook delivery of every tenant (deliveries whose job was lost, whose
// sender died while sending, or written outside withTenant); answers how many. The schedule `deliver-webhooks`
// (lib/jobs/schedules.ts): a long-running server runs it on its job engine every minute; on Vercel, Vercel Cron calls
// this route (GET with `Authorization: Bearer ${CRON_SECRET}`) and the jobs run in /api/cron/run-jobs.
export const dynamic = 'force-dynamic';
export const maxDuration = 60;

const handler = cronRoute('deliver-webhooks', () => runSchedule('deliver-webhooks', { trigger: 'cron-route' }));

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
