import { suspendDormantMembers } from '@/lib/tenancy/suspend-dormant-members';
import { cronRoute } from '@/lib/platform/cron-auth';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

// Suspends members who have not used their tenant for its `deactivateAfterDays` and warns those a week from it
// (audited, mailed); answers who was warned and suspended. Vercel Cron sends GET with `Authorization: Bearer ${CRON_SECRET}`.
export const dynamic = 'force-dynamic';

const handler = cronRoute('suspend-dormant-members', () => suspendDormantMembers());

export const GET = handler;
export const POST = handler;

/** The methods this path does not take: 405 problem+json with `Allow`. */
export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
